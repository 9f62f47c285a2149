/**
 * Reads an OpenAPI 3.1 document from a file, from a file at a git revision or
 * from a value, validates it and dereferences it (`spec/openapi-schema.ts`, as
 * the loader `spec/contract.ts` does). Failures are `DocumentError`s with a
 * one-line message: the CLI's "cannot run".
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { validateOpenApi } from '../openapi-schema.js';
import type { Doc } from './operations.js';
import { parse as parseYaml } from 'yaml';

export interface LoadedDocument {
  /** How reports name it: a path, or `ref:path`. */
  label: string;
  /** The file on disk, when there is one (for annotations with a line). */
  file?: string;
  /** The source text, when known (for line numbers). */
  text?: string;
  /** The validated, dereferenced document. */
  api: Doc;
}

export class DocumentError extends Error {
  override name = 'DocumentError';
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 400);

async function dereference(value: unknown, label: string, basePath?: string): Promise<Doc> {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new DocumentError(`${label}: not an OpenAPI document (not an object)`);
  const openapi = (value as { openapi?: unknown }).openapi;
  if (typeof openapi !== 'string' || !/^3\.1\.\d+$/.test(openapi))
    throw new DocumentError(`${label}: not an OpenAPI 3.1 document (openapi is ${JSON.stringify(openapi)})`);
  try {
    // Relative external refs resolve against the document's own path.
    return (await validateOpenApi(value, basePath ? { basePath } : {})) as Doc;
  } catch (error) {
    throw new DocumentError(`${label}: not a valid OpenAPI 3.1 document: ${oneLine((error as Error).message)}`);
  }
}

function parseText(text: string, label: string): unknown {
  try {
    return parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new DocumentError(`${label}: cannot parse: ${oneLine((error as Error).message)}`);
  }
}

export async function loadDocumentFile(path: string, cwd = process.cwd()): Promise<LoadedDocument> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new DocumentError(
      `${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? oneLine((error as Error).message)}`,
    );
  }
  const api = await dereference(parseText(text, path), path, resolve(cwd, path));
  return { label: path, file: path, text, api };
}

/** The document at `path` as of git revision `ref` (`git show ref:./path`), from the working directory's repository. */
export async function loadDocumentAtRevision(ref: string, path: string, cwd = process.cwd()): Promise<LoadedDocument> {
  const inRepo = isAbsolute(path) ? relative(cwd, path) : path;
  const label = `${ref}:${inRepo}`;
  if (ref.startsWith('-')) throw new DocumentError(`${label}: not a git revision`);
  let text: string;
  try {
    const { stdout } = await promisify(execFile)('git', ['show', `${ref}:./${inRepo}`], {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
    });
    text = stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr;
    throw new DocumentError(`${label}: cannot read it from git: ${oneLine(stderr || (error as Error).message)}`);
  }
  const api = await dereference(parseText(text, label), label, resolve(cwd, inRepo));
  return { label, text, api };
}

/** A document already parsed (a served `GET /openapi.json`, the contract's bundled document). */
export async function loadDocumentValue(value: unknown, label: string): Promise<LoadedDocument> {
  return { label, api: await dereference(value, label) };
}
