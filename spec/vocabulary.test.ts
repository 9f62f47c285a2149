import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { DEFAULT_SPEC_PATH, loadContract, NAMES } from './index.js';

const original = readFileSync(DEFAULT_SPEC_PATH, 'utf8');

/** Loads a copy of the spec with `edits` applied (each must match exactly once, or everywhere with `all`). */
async function loadEdited(t: Test, edits: Array<[from: string, to: string]>, { all = false } = {}) {
  let text = original;
  for (const [from, to] of edits) {
    if (!all) t.equal(text.split(from).length, 2, `the spec has ${JSON.stringify(from)} once`);
    text = text.split(from).join(to);
  }
  const dir = mkdtempSync(join(tmpdir(), 'cd-vocabulary-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'openapi.yaml');
  writeFileSync(path, text);
  return loadContract(path);
}

t.test('the shipped spec has every name, and the derived facts', async (t) => {
  const contract = await loadContract();
  t.same(contract.names.query, NAMES.query);
  t.same(contract.names.nameParts, ['firstName', 'middleName', 'lastName']);
  t.equal(contract.names.customFieldPrefix, 'customFields.');
  t.match(contract.names.headerValues, { deprecation: 'true', idempotentReplayed: 'true', warning: /^299 - "/ });
  for (const code of Object.values(NAMES.codes)) t.type(contract.errorStatus[code], 'number', code);
});

t.test('a renamed query parameter stops the load, naming it', async (t) => {
  await t.rejects(loadEdited(t, [['name: dryRun\n', 'name: preview\n']]), {
    message: /vocabulary does not match: no operation takes the query parameter dryRun/,
  });
});

t.test('every mismatch is listed at once', async (t) => {
  const load = loadEdited(t, [
    ['name: upsertByExternalId\n', 'name: upsert\n'],
    ['    IdempotencyKey:\n      name: Idempotency-Key\n', '    IdempotencyKey:\n      name: Request-Key\n'],
    ['          x-derived-from: [firstName, middleName, lastName]\n', ''],
  ]);
  const error = (await load.then(
    () => undefined,
    (e: unknown) => e,
  )) as Error | undefined;
  t.ok(error, 'the load fails');
  t.match(error?.message, /query parameter upsertByExternalId/);
  t.match(error?.message, /the header Idempotency-Key/);
  t.match(error?.message, /fullname has no x-derived-from/);
});

t.test('a renamed response header stops the load', async (t) => {
  // Every response declaring the header names it in its `headers` map; rename them all.
  const declared = '            Idempotent-Replayed:\n';
  t.ok(original.split(declared).length > 2, 'several responses declare Idempotent-Replayed');
  await t.rejects(loadEdited(t, [[declared, '            Replayed:\n']], { all: true }), {
    message: /no response declares the header Idempotent-Replayed/,
  });
});
