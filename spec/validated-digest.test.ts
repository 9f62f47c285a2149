import SwaggerParser from '@apidevtools/swagger-parser';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { DEFAULT_SPEC_PATH, documentDigest, loadContract, VALIDATED_DIGEST_PATH } from './contract.js';

const built = existsSync(VALIDATED_DIGEST_PATH);

t.test(
  'the build records the digest of the document it validated: the shipped one',
  { skip: !built && 'no build in dist/ (npm run build writes the digest)' },
  async (t) => {
    const bundled = await SwaggerParser.bundle(DEFAULT_SPEC_PATH);
    t.equal(readFileSync(VALIDATED_DIGEST_PATH, 'utf8').trim(), documentDigest(bundled));
  },
);

t.test('any other document is validated against the OpenAPI schema in full', async (t) => {
  const original = readFileSync(DEFAULT_SPEC_PATH, 'utf8');
  // A license without its required name: nothing the kit reads, only the OpenAPI schema objects.
  const broken = original.replace('  license:\n    name: MIT\n', '  license:\n    nickname: MIT\n');
  t.not(broken, original, 'the edit applies');
  const dir = mkdtempSync(join(tmpdir(), 'cd-digest-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'openapi.yaml'), broken);
  await t.rejects(
    loadContract(join(dir, 'openapi.yaml')),
    /schema validation failed[^]*license must have required property 'name'/,
  );
});

t.test('any other document has every schema compiled at load: one that does not compile stops it', async (t) => {
  const original = readFileSync(DEFAULT_SPEC_PATH, 'utf8');
  // An unknown format is valid OpenAPI (formats are open) but Ajv's strict mode refuses it.
  const broken = original.replace('format: email', 'format: e-mail');
  t.not(broken, original, 'the edit applies');
  const dir = mkdtempSync(join(tmpdir(), 'cd-digest-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'openapi.yaml'), broken);
  await t.rejects(loadContract(join(dir, 'openapi.yaml')), /does not compile: unknown format "e-mail"/);
});
