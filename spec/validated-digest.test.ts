import SwaggerParser from '@apidevtools/swagger-parser';
import { existsSync, readFileSync } from 'node:fs';
import t from 'tap';
import { DEFAULT_SPEC_PATH, documentDigest, loadContract, VALIDATED_DIGEST_PATH } from './contract.js';
import { editedSpec } from './testing/edited-spec.js';

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
  // A license without its required name: nothing the kit reads, only the OpenAPI schema objects.
  const broken = editedSpec(t, [['  license:\n    name: MIT\n', '  license:\n    nickname: MIT\n']]);
  await t.rejects(loadContract(broken), /schema validation failed[^]*license must have required property 'name'/);
});

t.test('any other document has every schema compiled at load: one that does not compile stops it', async (t) => {
  // An unknown format is valid OpenAPI (formats are open) but Ajv's strict mode refuses it.
  const broken = editedSpec(t, [['format: email', 'format: e-mail']], { all: true });
  await t.rejects(loadContract(broken), /does not compile: unknown format "e-mail"/);
});
