import t from 'tap';
import { conformsTo, createContact, OTHER, startServer } from '../testing/harness.js';

const server = await startServer({ fixtures: false });
t.teardown(server.close);
const readBack = async (cdId: string, key?: string) =>
  (
    await server.call('POST', '/contacts/query', {
      body: { conditions: [{ field: 'cdId', op: 'eq', value: cdId }] },
      key,
    })
  ).json[0];
const total = async () =>
  (await server.call('POST', '/contacts/query', { body: { countOnly: true } })).json.count as number;

t.test('D6: create answers 201 and reads back flattened (D5)', async (t) => {
  const reply = await server.call('POST', '/contacts', {
    body: {
      contact: {
        firstName: 'Jane',
        middleName: '',
        lastName: 'Doe',
        tags: ['a'],
        externalIds: { crm: 'X-1' },
        customFields: { donor_level: 'gold', lifetime_giving: 10, volunteer: true },
        workspaceId: 'evil',
        _id: 1,
        cdId: 'mine',
      },
    },
  });
  t.equal(reply.status, 201);
  t.notOk(conformsTo(server.server, 'createContact', reply));
  t.match(reply.json.data, { workspaceId: server.server.demoKeys[0]!.workspaceId, created: true });
  t.not(reply.json.data.contactId, 'mine', 'system-managed fields are ignored');
  const read = await readBack(reply.json.data.contactId);
  t.same(Object.keys(read), [
    'cdId',
    'firstName',
    'lastName',
    'fullname',
    'tags',
    'externalIds',
    'donor_level',
    'lifetime_giving',
    'volunteer',
    'createdAt',
    'updatedAt',
  ]);
  t.equal(read.fullname, 'Jane Doe');
  t.equal(read.createdAt, read.updatedAt);
});

t.test('D6: PUT changes only supplied fields, merges maps, replaces tags', async (t) => {
  const id = await createContact(server, {
    firstName: 'A',
    lastName: 'B',
    organization: 'Org',
    email: 'a@b.example',
    tags: ['x', 'y'],
    externalIds: { one: '1' },
    customFields: { donor_level: 'gold' },
  });
  const before = await readBack(id);
  const reply = await server.call('PUT', `/contacts/${id}`, {
    body: {
      contact: {
        lastName: 'C',
        organization: '',
        tags: ['z'],
        externalIds: { two: '2' },
        customFields: { volunteer: false },
        createdAt: '2000-01-01T00:00:00Z',
        fullname: 'ignored',
      },
    },
  });
  t.equal(reply.status, 200);
  t.same(reply.json, { data: { contactId: id, workspaceId: server.server.demoKeys[0]!.workspaceId, updated: true } });
  const after = await readBack(id);
  t.match(after, {
    firstName: 'A',
    lastName: 'C',
    email: 'a@b.example',
    fullname: 'A C',
    tags: ['z'],
    externalIds: { one: '1', two: '2' },
    donor_level: 'gold',
    volunteer: false,
    createdAt: before.createdAt,
    cdId: id,
  });
  t.notOk('organization' in after, 'an empty string clears a standard field');
  t.ok(after.updatedAt >= before.updatedAt);
});

t.test('D6: PUT errors', async (t) => {
  const id = await createContact(server, { firstName: 'Mine' });
  t.equal((await server.call('PUT', '/contacts/nope', { body: { contact: { firstName: 'x' } } })).status, 404);
  const foreign = await server.call('PUT', `/contacts/${id}`, {
    body: { contact: { firstName: 'x' } },
    key: OTHER.apiKey,
  });
  t.equal(foreign.status, 404, "another workspace's contact does not exist");
  t.equal(foreign.json.error.code, 'NOT_FOUND');
  const empty = await server.call('PUT', `/contacts/${id}`, { body: { contact: {} } });
  t.equal(empty.json.error.field, 'contact');
  const bad = await server.call('PUT', '/contacts/bad!id', { body: { contact: { firstName: 'x' } } });
  t.equal(bad.json.error.field, 'contactId');
  const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`s${i}`, 'v']));
  const full = await createContact(server, { firstName: 'Full', externalIds: many });
  const over = await server.call('PUT', `/contacts/${full}`, { body: { contact: { externalIds: { extra: 'v' } } } });
  t.equal(over.status, 422);
  t.equal(over.json.error.field, 'contact.externalIds', 'a merge may not pass the cap');
});

t.test('D5: custom fields are checked against the workspace', async (t) => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ nope: 'x' }, 'contact.customFields.nope'],
    [{ donor_level: 5 }, 'contact.customFields.donor_level'],
    [{ lifetime_giving: '5' }, 'contact.customFields.lifetime_giving'],
    [{ volunteer: 'true' }, 'contact.customFields.volunteer'],
    [{ constructor: 'x' }, 'contact.customFields.constructor'],
  ];
  for (const [customFields, field] of cases) {
    const reply = await server.call('POST', '/contacts', { body: { contact: { firstName: 'x', customFields } } });
    t.equal(reply.status, 422);
    t.equal(reply.json.error.field, field);
  }
  const northwind = await server.call('POST', '/contacts', {
    body: { contact: { firstName: 'x', customFields: { donor_level: 'gold' } } },
    key: OTHER.apiKey,
  });
  t.equal(northwind.json.error.field, 'contact.customFields.donor_level', 'slugs are per workspace');
});

t.test('D6: upsert by external id', async (t) => {
  const older = await createContact(server, { firstName: 'Old', externalIds: { crm: 'U-1' } });
  await createContact(server, { firstName: 'Young', externalIds: { crm: 'U-1' } });
  const n = await total();
  const upsert = await server.call('POST', '/contacts?upsertByExternalId=true', {
    body: { contact: { firstName: 'Older', externalIds: { crm: 'U-1', other: 'O' } } },
  });
  t.equal(upsert.status, 200);
  t.same(upsert.json.data, { contactId: older, workspaceId: upsert.json.data.workspaceId, created: false });
  t.equal(await total(), n, 'the oldest match was updated, nothing created');
  t.match(await readBack(older), { firstName: 'Older', externalIds: { crm: 'U-1', other: 'O' } });
  const fresh = await server.call('POST', '/contacts?upsertByExternalId=true', {
    body: { contact: { firstName: 'N', externalIds: { crm: 'U-2' } } },
  });
  t.equal(fresh.status, 201);
  t.equal(fresh.json.data.created, true);
  const foreign = await server.call('POST', '/contacts?upsertByExternalId=true', {
    body: { contact: { firstName: 'N', externalIds: { crm: 'U-1' } } },
    key: OTHER.apiKey,
  });
  t.equal(foreign.status, 201, "another workspace's contacts never match");
  const none = await server.call('POST', '/contacts?upsertByExternalId=true', {
    body: { contact: { firstName: 'N' } },
  });
  t.equal(none.json.error.field, 'contact.externalIds');
  t.equal(
    (await server.call('POST', '/contacts?upsertByExternalId=yes', { body: { contact: { firstName: 'N' } } })).json
      .error.field,
    'upsertByExternalId',
  );
});

t.test('D7: dry run validates, authorizes and writes nothing', async (t) => {
  const n = await total();
  const create = await server.call('POST', '/contacts?dryRun=true', {
    body: { contact: { firstName: 'Dry', lastName: 'Run' } },
  });
  t.equal(create.status, 200);
  t.notOk(conformsTo(server.server, 'createContact', create));
  t.same(create.json, {
    data: {
      dryRun: true,
      action: 'create',
      wouldWrite: { firstName: 'Dry', lastName: 'Run', fullname: 'Dry Run', tags: [], externalIds: {} },
    },
  });
  t.equal(await total(), n);

  const id = await createContact(server, { firstName: 'Wet', externalIds: { crm: 'D-1' } });
  const before = await readBack(id);
  const update = await server.call('PUT', `/contacts/${id}?dryRun=true`, { body: { contact: { jobTitle: 'CEO' } } });
  t.equal(update.status, 200);
  t.notOk(conformsTo(server.server, 'updateContact', update));
  t.match(update.json.data, {
    dryRun: true,
    action: 'update',
    wouldWrite: { cdId: id, firstName: 'Wet', jobTitle: 'CEO' },
  });
  t.same(await readBack(id), before, 'nothing changed');
  const upsert = await server.call('POST', '/contacts?dryRun=true&upsertByExternalId=true', {
    body: { contact: { lastName: 'L', externalIds: { crm: 'D-1' } } },
  });
  t.match(
    upsert.json.data,
    { action: 'update', wouldWrite: { cdId: id, lastName: 'L' } },
    'an upsert still finds its match',
  );

  t.equal(
    (await server.call('PUT', '/contacts/nope?dryRun=true', { body: { contact: { jobTitle: 'x' } } })).status,
    404,
  );
  t.equal((await server.call('POST', '/contacts?dryRun=true', { body: { contact: {} } })).status, 422);
  t.equal(
    (await server.call('POST', '/contacts?dryRun=true', { body: { contact: { firstName: 'x' } }, key: 'nope' })).status,
    401,
  );
  t.equal(
    (await server.call('POST', '/contacts?dryRun=1', { body: { contact: { firstName: 'x' } } })).json.error.field,
    'dryRun',
  );
  t.equal(await total(), n + 1);
});

t.test('D7: a dry run neither reads nor consumes the idempotency key', async (t) => {
  const headers = { 'idempotency-key': 'dry-then-real' };
  const dry = await server.call('POST', '/contacts?dryRun=true', { body: { contact: { firstName: 'K' } }, headers });
  t.equal(dry.status, 200);
  const real = await server.call('POST', '/contacts', { body: { contact: { firstName: 'K' } }, headers });
  t.equal(real.status, 201);
  t.equal(real.headers['idempotent-replayed'], undefined);
  const dryAgain = await server.call('POST', '/contacts?dryRun=true', {
    body: { contact: { firstName: 'Other' } },
    headers,
  });
  t.equal(dryAgain.status, 200, 'no 409 and no replay for a dry run');
  t.equal(dryAgain.json.data.dryRun, true);
  const bad = await server.call('POST', '/contacts?dryRun=true', {
    body: { contact: { firstName: 'K' } },
    headers: { 'idempotency-key': '' },
  });
  t.equal(bad.json.error.field, 'Idempotency-Key', 'the key is still validated');
});
