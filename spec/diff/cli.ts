/**
 * `contactdrive-contract diff`: compare two versions of the contract and
 * classify every change (D17). Exit status: 0 nothing breaking, 1 at least one
 * breaking change, 2 could not run (bad usage, unreadable or invalid document).
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packageInfo } from '../package-root.js';
import { DocumentError, loadDocumentAtRevision, loadDocumentFile, type LoadedDocument } from './load.js';
import { diffLoaded } from './report.js';
import { DIFF_REPORTERS, headline, isDiffReporterName } from './reporters.js';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
}

const PROGRAM = 'contactdrive-contract';
const DEFAULT_SPEC = 'spec/openapi.yaml';

const HELP = `Usage: ${PROGRAM} diff [options] <base> <head>
       ${PROGRAM} diff --base <git-ref> [options] [<head>]

Compares two OpenAPI 3.1 documents and classifies every change as breaking,
additive or a deprecation, by the v2 versioning policy (spec/DECISIONS.md, D17).
Descriptions, examples and x- extensions are not compared.

  <base> <head>         the two documents (YAML or JSON files)
  --base REF            read the base from git revision REF (e.g. origin/main)
  --base-file PATH      the file to read at REF (default: <head>)
                        <head> defaults to ${DEFAULT_SPEC}
  --reporter NAME       ${Object.keys(DIFF_REPORTERS).join(' | ')} (default text), written to stdout
  --output FILE         write the report to FILE instead of stdout
  -h, --help            show this help
  --version             print the kit's version

Exit status: 0 nothing breaking, 1 at least one breaking change, 2 could not
run (bad usage, a document that cannot be read or is not valid OpenAPI 3.1).
`;

const OPTIONS = {
  base: { type: 'string' },
  'base-file': { type: 'string' },
  reporter: { type: 'string' },
  output: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

class UsageError extends Error {}

/** Both documents, loaded side by side; when both fail, the base's error is the one reported. */
async function both(
  base: Promise<LoadedDocument>,
  head: Promise<LoadedDocument>,
): Promise<[LoadedDocument, LoadedDocument]> {
  const [a, b] = await Promise.allSettled([base, head]);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}

const processIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.version) {
      io.stdout.write(`${packageInfo().version}\n`);
      return 0;
    }
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    if (positionals.length === 0)
      throw new UsageError(`give a command: ${PROGRAM} diff <base> <head>; see ${PROGRAM} diff --help`);
    const [command, ...files] = positionals;
    if (command !== 'diff')
      throw new UsageError(`unknown command ${JSON.stringify(command)}; try ${PROGRAM} diff --help`);
    const reporter = values.reporter ?? 'text';
    if (!isDiffReporterName(reporter))
      throw new UsageError(`--reporter must be one of ${Object.keys(DIFF_REPORTERS).join(', ')}`);

    let base: LoadedDocument;
    let head: LoadedDocument;
    if (values.base !== undefined) {
      if (files.length > 1) throw new UsageError('with --base, give at most one document (the head)');
      const headFile = files[0] ?? DEFAULT_SPEC;
      [base, head] = await both(
        loadDocumentAtRevision(values.base, values['base-file'] ?? headFile, io.cwd),
        loadDocumentFile(headFile, io.cwd),
      );
    } else {
      if (values['base-file'] !== undefined) throw new UsageError('--base-file needs --base');
      if (files.length !== 2)
        throw new UsageError(`give two documents, <base> and <head> (or --base REF); see ${PROGRAM} diff --help`);
      [base, head] = await both(loadDocumentFile(files[0]!, io.cwd), loadDocumentFile(files[1]!, io.cwd));
    }

    const report = diffLoaded(base, head);
    const text = DIFF_REPORTERS[reporter](report);
    if (values.output) {
      await writeFile(resolve(io.cwd, values.output), text);
      io.stderr.write(`${headline(report)}\n`);
    } else {
      io.stdout.write(text);
    }
    return report.counts.breaking > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof DocumentError) {
      io.stderr.write(`${PROGRAM}: ${error.message}\n`);
      return 2;
    }
    // Anything else is a fault of the tool, not of the documents; still one line, still "cannot run".
    io.stderr.write(`${PROGRAM}: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    return 2;
  }
}
