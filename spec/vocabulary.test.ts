import t from 'tap';
import { loadContract, NAMES } from './index.js';
import { editedSpec } from './testing/edited-spec.js';

const loadEdited = (...args: Parameters<typeof editedSpec>) => loadContract(editedSpec(...args));

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
  await t.rejects(loadEdited(t, [[declared, '            Replayed:\n']], { all: true }), {
    message: /no response declares the header Idempotent-Replayed/,
  });
});
