/**
 * Whether `dist/` is the build of the sources as they are now: its last output
 * (`dist/spec/openapi.json`, written after tsc) is newer than every input of
 * `npm run build` and every directory holding one (a file added, removed or
 * renamed changes its directory). `npm test` rebuilds only when it is not, so a
 * fresh install, which has just built, does not build twice. Run as a script,
 * it exits 0 when current and 1 when a build is due.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../../spec/package-root.js';

/** What tsconfig.build.json compiles, and what the build reads besides. */
const SOURCE_DIRS = ['spec', 'reference-server', 'conformance'];
const SOURCE_FILES = ['index.ts', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];
/** Neither compiled nor read by the build (tsconfig.build.json excludes them). */
const NOT_INPUT = /\.test\.ts$|\.db(-wal|-shm)?$/;
const LAST_OUTPUT = join('dist', 'spec', 'openapi.json');

function newestIn(dir: string): number {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'testing' || NOT_INPUT.test(entry.name)) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function distIsCurrent(root = PACKAGE_ROOT): boolean {
  const output = join(root, LAST_OUTPUT);
  if (!existsSync(output)) return false;
  const compiler = join(root, 'node_modules', 'typescript', 'package.json');
  const inputs = [...SOURCE_FILES.map((f) => join(root, f)), compiler].filter((f) => existsSync(f));
  const newest = Math.max(
    ...inputs.map((f) => statSync(f).mtimeMs),
    ...SOURCE_DIRS.map((d) => newestIn(join(root, d))),
  );
  return statSync(output).mtimeMs > newest;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const current = distIsCurrent();
  console.log(current ? 'dist/ is current: not rebuilt' : 'dist/ is older than its sources: building');
  process.exitCode = current ? 0 : 1;
}
