import SwaggerParser from '@apidevtools/swagger-parser';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { DEFAULT_SPEC_PATH, documentDigest, loadContract, VALIDATED_DIGEST_PATH } from './contract.js';

t.test('the build records the digest of the document it validated: the shipped one', async (t) => {
  if (!existsSync(VALIDATED_DIGEST_PATH)) return t.skip('no build in dist/ (npm run build writes the digest)');
  const bundled = await SwaggerParser.bundle(DEFAULT_SPEC_PATH);
  t.equal(readFileSync(VALIDATED_DIGEST_PATH, 'utf8').trim(), documentDigest(bundled));
});

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
