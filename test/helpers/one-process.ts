/**
 * Many short test files share one tap process. A process pays node, tsx, tap,
 * the contract compile and the first server's start (two to five CPU-seconds)
 * before its first assertion, more than most test files cost themselves, and CI
 * has two cores. So the files of an area run one after the other in the process
 * of a unit, `test/units/<unit>.test.ts`, each as a subtest named after its path;
 * tap's `exclude` (package.json) keeps them out of its own list, and
 * `test/units/coverage.test.ts` checks the two agree. A file still runs alone
 * with `npx tap <file>`.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import t from 'tap';
import { PACKAGE_ROOT } from '../../spec/package-root.js';

interface Unit {
  /** Directories (from the package root) whose `*.test.ts` files, at any depth, the unit runs, or files. */
  under: string[];
  /** Files or directories under them that are not in the unit: another unit's, or kept in a process of their own. */
  except?: string[];
  /** This unit's share of the files when an area is split over several units: [index, count]. */
  shard?: [number, number];
}

/** The units, by the name of their file in `test/units/`. */
export const UNITS: Record<string, Unit> = {
  'conformance-checks': { under: ['conformance/checks'] },
  conformance: { under: ['conformance'], except: ['conformance/checks'] },
  'reference-server': { under: ['reference-server'] },
  spec: { under: ['spec', 'test/spec'] },
  // In test/faults, test/package and test/trust the units name their files: the others there (whole-suite
  // runs, npm pack and install) are long or mostly wait, and keep a process each, as a new file there does.
  // sequence.test.ts too: its same-millisecond fault shows only when a batch of creates lands within one
  // millisecond; on a loaded machine that was missed after the other proofs in one process (two runs of
  // three), and caught in a process of its own (three of three).
  'test-faults': {
    under: ['auth-isolation', 'coverage', 'data-schema', 'dry-run-envelope', 'paging-idempotency'].map(
      (name) => `test/faults/${name}.test.ts`,
    ),
  },
  // The benign variations that do not add latency: whole-suite runs that keep a core busy, one after the other.
  'test-benign': { under: ['benign-data', 'benign-wire'].map((name) => `test/faults/${name}.test.ts`) },
  'test-package-and-trust': {
    under: [
      ...['cli-output', 'example-workflow', 'generated-client'].map((name) => `test/package/${name}.test.ts`),
      ...['maximal-fixtures', 'output-bounds'].map((name) => `test/trust/${name}.test.ts`),
    ],
  },
};

/** Every `*.test.ts` file at or under path (a directory or a file), sorted. */
export function testFilesIn(path: string): string[] {
  if (path.endsWith('.test.ts')) return [path];
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(join(PACKAGE_ROOT, at), { withFileTypes: true })) {
      const child = join(at, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.test.ts')) found.push(child);
    }
  };
  walk(path);
  return found.sort((a, b) => a.localeCompare(b, 'en'));
}

/** The files a unit runs, in order. */
export function unitFiles(name: string): string[] {
  const unit = UNITS[name];
  if (!unit) throw new Error(`no test unit ${name}`);
  const files = [...new Set(unit.under.flatMap(testFilesIn))]
    .filter((f) => !unit.except?.some((path) => f === path || f.startsWith(`${path}/`)))
    .sort((a, b) => a.localeCompare(b, 'en'));
  if (!unit.shard) return files;
  const [index, count] = unit.shard;
  return files.filter((_, i) => i % count === index);
}

const FORWARDED = ['test', 'before', 'teardown', 'comment'] as const;
type Registering = Record<(typeof FORWARDED)[number], unknown>;

/**
 * Runs the files one after the other in this process, each as a subtest named
 * after its path. A test file registers on tap's root object (`import t from
 * 'tap'`); while it is imported, the root's test, before, teardown and comment
 * register on the file's subtest instead, so its tests nest under its name and
 * its before and teardown hooks bracket its own tests.
 */
export async function runTestFiles(files: readonly string[]): Promise<void> {
  const root = t as unknown as Registering;
  for (const file of files) {
    await t.test(file, async (sub) => {
      const own = sub as unknown as Record<string, (...args: unknown[]) => unknown>;
      const saved = FORWARDED.map((name) => [name, root[name]] as const);
      for (const name of FORWARDED) root[name] = own[name]!.bind(sub);
      try {
        await import(pathToFileURL(join(PACKAGE_ROOT, file)).href);
      } finally {
        for (const [name, method] of saved) root[name] = method;
      }
    });
  }
}

/** The body of `test/units/<unit>.test.ts`: runs the unit named after the calling file. */
export async function runUnit(moduleUrl: string): Promise<void> {
  await runTestFiles(unitFiles(basename(fileURLToPath(moduleUrl), '.test.ts')));
}
