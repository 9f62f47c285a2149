/**
 * Writes the contract as JSON to `dist/spec/openapi.json` at build time (the
 * package's `./spec/openapi.json` export): the bundled document exactly as the
 * reference server serves it at GET /openapi.json. Beside it goes the digest of
 * the document just validated, so later loads of the same document skip that
 * validation (see `VALIDATED_DIGEST_PATH`).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentDigest, loadContract, VALIDATED_DIGEST_PATH } from './contract.js';
import { packagePath } from './package-root.js';

export const OPENAPI_JSON_PATH = packagePath('dist', 'spec', 'openapi.json');

export async function renderOpenApiJson(specPath?: string): Promise<string> {
  const { document } = await loadContract(specPath);
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // Without a digest the load below validates the document in full; only then is the digest written.
  await rm(VALIDATED_DIGEST_PATH, { force: true });
  await mkdir(dirname(OPENAPI_JSON_PATH), { recursive: true });
  const { document } = await loadContract();
  await writeFile(VALIDATED_DIGEST_PATH, `${documentDigest(document)}\n`);
  await writeFile(OPENAPI_JSON_PATH, `${JSON.stringify(document, null, 2)}\n`);
}
