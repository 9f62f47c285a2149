/**
 * The kit's root directory (the one holding its package.json), found by walking
 * up from this module, so files shipped beside the code (`spec/openapi.yaml`,
 * `fixtures/`, `package.json`) resolve alike from `spec/x.ts` under tsx and
 * from the compiled `dist/spec/x.js`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest directory at or above `start` that holds a package.json. */
export function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json in ${start} or any directory above it`);
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the kit's root directory. */
export function packagePath(...segments: string[]): string {
  return join(PACKAGE_ROOT, ...segments);
}

export interface PackageInfo {
  name: string;
  version: string;
}

let info: PackageInfo | undefined;

/** The kit's name and version, from its package.json (read once). */
export function packageInfo(): PackageInfo {
  if (!info) {
    const { name, version } = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as PackageInfo;
    info = { name, version };
  }
  return info;
}
