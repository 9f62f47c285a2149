/**
 * Writes the contract as JSON to `dist/spec/openapi.json` at build time (the
 * package's `./spec/openapi.json` export): the bundled document exactly as the
 * reference server serves it at GET /openapi.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadContract } from './contract.js';
import { packagePath } from './package-root.js';

export const OPENAPI_JSON_PATH = packagePath('dist', 'spec', 'openapi.json');

export async function renderOpenApiJson(specPath?: string): Promise<string> {
  const { document } = await loadContract(specPath);
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await mkdir(dirname(OPENAPI_JSON_PATH), { recursive: true });
  await writeFile(OPENAPI_JSON_PATH, await renderOpenApiJson());
}
