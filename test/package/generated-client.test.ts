/**
 * A client generated from the served contract just works: openapi-typescript
 * with its default options turns GET /openapi.json into types, and a consumer
 * that calls every operation through openapi-fetch, without a cast, type-checks
 * (optional inputs stay optional, flattened custom fields are reachable).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import t from 'tap';
import { createReferenceServer, silentLogger } from '../../reference-server/index.js';
import { loadContract } from '../../spec/index.js';
import { PACKAGE_ROOT } from '../../spec/package-root.js';

const TSC = join(PACKAGE_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** Every operation, called as a client author would write it. */
const CONSUMER = `
import createClient from 'openapi-fetch';
import type { components, paths } from './api.js';

const client = createClient<paths>({ baseUrl: 'http://127.0.0.1:4010/api/v2', headers: { Authorization: 'Bearer k' } });

export async function everyOperation(): Promise<string[]> {
  const seen: string[] = [];
  const whoami = await client.GET('/whoami');
  if (whoami.data) seen.push(whoami.data.workspaceId);

  const workspace = await client.GET('/workspace');
  for (const field of workspace.data?.customFields ?? []) seen.push(field.value, field.type ?? 'string');

  const list = await client.GET('/contacts', { params: { query: { limit: 10, offset: 0 } } });
  for (const contact of list.data ?? []) {
    // A custom field comes flattened under its slug, beside the standard keys.
    const level = contact.donor_level;
    if (typeof level === 'string') seen.push(contact.cdId, level);
  }

  const created = await client.POST('/contacts', {
    params: { query: { dryRun: true }, header: { 'Idempotency-Key': 'k1' } },
    body: { contact: { firstName: 'Ada', tags: ['newsletter'], customFields: { donor_level: 'gold' } } },
  });
  if (created.data && 'contactId' in created.data.data) seen.push(created.data.data.contactId);

  const updated = await client.PUT('/contacts/{contactId}', { params: { path: { contactId: 'cd_01hx3v4k7q9m2n5p8r1t' } }, body: { contact: { lastName: 'Lovelace' } } });
  if (updated.error) seen.push(updated.error.error.code);

  // Neither conditions nor countOnly is needed: both have defaults.
  const all = await client.POST('/contacts/query', { body: {} });
  const gold = await client.POST('/contacts/query', { body: { conditions: [{ field: 'customFields.donor_level', op: 'eq', value: 'gold' }], limit: 5 } });
  // A condition's field is a string to the client, not unknown.
  const condition: components['schemas']['QueryCondition'] = { field: 'email', op: 'eq', value: 'x' };
  const field: string = condition.field;
  seen.push(field);
  const count = await client.POST('/contacts/query', { body: { countOnly: true } });
  seen.push(String(all.response.status), String(gold.response.status), String(count.response.status));

  const found = await client.GET('/contacts/search', { params: { query: { q: 'ada' } } });
  seen.push(String(found.data?.length ?? 0));

  const document = await client.GET('/openapi.json');
  if (document.data) seen.push(document.data.openapi);
  return seen;
}
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022', 'DOM'],
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    types: [],
  },
  // One compiler run checks both: the lib and generated declarations are checked once.
  files: ['consumer.ts', 'wrong.ts'],
};

t.test('openapi-typescript with default options, and a consumer of every operation', async (t) => {
  const server = await createReferenceServer({ port: 0, logger: silentLogger });
  t.teardown(() => server.close());
  const served = (await (await fetch(`${server.url}/openapi.json`)).json()) as OpenAPI3;
  const types = astToString(await openapiTS(served));

  const dir = mkdtempSync(join(tmpdir(), 'generated-client-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  writeFileSync(join(dir, 'api.d.ts'), types);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));

  // The consumer must stay complete: every operation of the contract is called.
  const contract = await loadContract();
  for (const op of contract.operations) {
    t.ok(CONSUMER.includes(`client.${op.method}('${op.path}'`), `${op.id} (${op.method} ${op.path}) is called`);
  }
  t.notMatch(CONSUMER, / as [A-Za-z{]|<any>|as unknown/, 'no casts');

  // The same check refuses a wrong body (in a module of its own), so the types are not vacuous.
  const WRONG = `${CONSUMER}\nexport const wrong = () => client.POST('/contacts/query', { body: { countOnly: 'yes' } });\n`;
  const wrongLine = WRONG.split('\n').length - 1;
  writeFileSync(join(dir, 'consumer.ts'), CONSUMER);
  writeFileSync(join(dir, 'wrong.ts'), WRONG);
  const checked = await promisify(execFile)(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: dir }).then(
    () => ({ code: 0, out: '' }),
    (error: { code?: number; stdout?: string }) => ({ code: error.code ?? 1, out: error.stdout ?? '' }),
  );
  const errors = checked.out.split('\n').filter((line) => /error TS\d+/.test(line));
  t.same(
    errors.filter((line) => !line.startsWith('wrong.ts(')),
    [],
    'the consumer of every operation and the generated types type-check',
  );
  t.not(checked.code, 0, 'countOnly must be a boolean');
  t.match(errors.join('\n'), new RegExp(`^wrong\\.ts\\(${wrongLine},`, 'm'), 'refused where countOnly is a string');
});
