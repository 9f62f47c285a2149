/**
 * For tests: a copy of the shipped spec with some text changed, in a temp
 * directory removed at teardown. The spec has only internal `$ref`s, so the
 * copy loads on its own from anywhere.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { DEFAULT_SPEC_PATH } from '../contract.js';

export const SHIPPED_SPEC = readFileSync(DEFAULT_SPEC_PATH, 'utf8');

/**
 * Writes the spec with each `[from, to]` applied and returns the file's path.
 * Each `from` must occur exactly once (asserted), or anywhere with `all`.
 */
export function editedSpec(t: Test, edits: Array<[from: string, to: string]>, { all = false } = {}): string {
  let text = SHIPPED_SPEC;
  for (const [from, to] of edits) {
    const occurrences = text.split(from).length - 1;
    if (all) t.ok(occurrences > 0, `the spec has ${JSON.stringify(from)}`);
    else t.equal(occurrences, 1, `the spec has ${JSON.stringify(from)} once`);
    text = text.split(from).join(to);
  }
  const dir = mkdtempSync(join(tmpdir(), 'cd-spec-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'openapi.yaml');
  writeFileSync(path, text);
  return path;
}
