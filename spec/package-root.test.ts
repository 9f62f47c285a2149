import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { findPackageRoot, PACKAGE_ROOT, packageInfo, packagePath } from './package-root.js';

t.test('the root holds the spec and the fixtures', async (t) => {
  t.ok(packagePath('spec', 'openapi.yaml').startsWith(PACKAGE_ROOT));
  t.equal(findPackageRoot(join(PACKAGE_ROOT, 'spec')), PACKAGE_ROOT);
  t.match(packageInfo(), { name: 'contactdrive-contract-kit', version: /^\d+\.\d+\.\d+/ });
});

t.test('a compiled module two levels down finds the same root', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'package-root-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(join(root, 'package.json'), '{}');
  mkdirSync(join(root, 'dist', 'spec'), { recursive: true });
  t.equal(findPackageRoot(join(root, 'dist', 'spec')), root);
});

t.test('no package.json anywhere above is an error naming the start', async (t) => {
  t.throws(() => findPackageRoot('/'), /no package\.json in \//);
});
