import t from 'tap';
import { loadContract } from '../../spec/index.js';
import { HOME, OTHER, startServer } from '../testing/harness.js';
import { canonicalJson, fingerprint } from './fingerprint.js';

const contract = await loadContract();

t.test('canonical JSON sorts keys at every depth', async (t) => {
  t.equal(canonicalJson({ b: [1, { d: 1, c: 2 }], a: 'x' }), '{"a":"x","b":[1,{"c":2,"d":1}]}');
  t.equal(canonicalJson(JSON.parse('{"__proto__":{"y":1,"x":2}}')), '{"__proto__":{"x":2,"y":1}}');
});

t.test('fingerprint: key order and the ignored parameters do not count; anything else does', async (t) => {
  const base = { method: 'POST', path: '/p', ignoredParams: ['apiKey', 'dryRun'] };
  const a = fingerprint({ ...base, query: new URLSearchParams('x=1&apiKey=k1'), body: { a: 1, b: 2 } });
  t.equal(a, fingerprint({ ...base, query: new URLSearchParams('dryRun=false&x=1&apiKey=k2'), body: { b: 2, a: 1 } }));
  t.not(a, fingerprint({ ...base, query: new URLSearchParams('x=2'), body: { a: 1, b: 2 } }));
  t.not(a, fingerprint({ ...base, query: new URLSearchParams('x=1'), body: { a: 1, b: 3 } }));
  t.not(a, fingerprint({ ...base, path: '/q', query: new URLSearchParams('x=1'), body: { a: 1, b: 2 } }));
});

const count = async (server: Awaited<ReturnType<typeof startServer>>, key = HOME.apiKey) =>
  (await server.call('POST', '/contacts/query', { body: { countOnly: true }, key })).json.count as number;

t.test('over HTTP (D8)', async (t) => {
  let now = Date.parse('2026-06-01T00:00:00Z');
  const server = await startServer({ fixtures: false, now: () => now });
  t.teardown(server.close);
  const post = (body: unknown, key: string, extra: { apiKey?: string; query?: string } = {}) =>
    server.call('POST', `/contacts${extra.query ?? ''}`, {
      body,
      key: extra.apiKey,
      headers: { 'idempotency-key': key },
    });

  const first = await post({ contact: { firstName: 'Ada', lastName: 'L' } }, 'key-1');
  t.equal(first.status, 201);
  t.equal(first.headers['idempotent-replayed'], undefined);
  const again = await server.call('POST', '/contacts', {
    raw: '{ "contact": { "lastName": "L",   "firstName": "Ada" } }',
    headers: { 'idempotency-key': 'key-1', 'content-type': 'application/json' },
  });
  t.equal(again.status, 201);
  t.equal(again.text, first.text, 'byte-identical body');
  t.equal(again.headers['idempotent-replayed'], 'true');
  t.equal(await count(server), 1, 'executed once');

  const different = await post({ contact: { firstName: 'Bob' } }, 'key-1');
  t.equal(different.status, 409);
  t.same(different.json.error, {
    code: 'IDEMPOTENCY_CONFLICT',
    message: different.json.error.message,
    field: 'Idempotency-Key',
  });

  t.equal(
    (await post({ contact: { firstName: 'Ada', lastName: 'L' } }, 'key-1', { apiKey: OTHER.apiKey })).status,
    201,
    'another workspace, another record',
  );
  t.equal(
    (await post({ contact: { firstName: 'Ada', lastName: 'L' } }, 'key-1', { query: '?upsertByExternalId=false' }))
      .status,
    409,
    'the query string is part of the request',
  );

  const invalid = await post({ contact: {} }, 'key-2');
  t.equal(invalid.status, 422);
  t.equal((await post({ contact: { firstName: 'Fixed' } }, 'key-2')).status, 201, 'errors are not stored');

  const bad = await server.call('POST', '/contacts', {
    body: { contact: { firstName: 'x' } },
    headers: { 'idempotency-key': 'has space' },
  });
  t.equal(bad.status, 422);
  t.equal(bad.json.error.field, 'Idempotency-Key');

  now += contract.limits.idempotencyRetentionSeconds * 1000;
  const expired = await post({ contact: { firstName: 'Ada', lastName: 'L' } }, 'key-1');
  t.equal(expired.status, 201);
  t.equal(expired.headers['idempotent-replayed'], undefined, 'after 24 hours the key is fresh');
  t.not(expired.json.data.contactId, first.json.data.contactId);
});

t.test('concurrent duplicates execute exactly once', async (t) => {
  const server = await startServer({ fixtures: false });
  t.teardown(server.close);
  const body = { contact: { firstName: 'Concurrent' } };
  const replies = await Promise.all(
    Array.from({ length: 20 }, () =>
      server.call('POST', '/contacts', { body, headers: { 'idempotency-key': 'same' } }),
    ),
  );
  const created = replies.filter((r) => r.status === 201 && r.headers['idempotent-replayed'] === undefined);
  t.equal(created.length, 1, 'one execution');
  for (const reply of replies) {
    t.ok(reply.status === 201 || reply.status === 409, `each other is a replay or a 409 (${reply.status})`);
    if (reply.status === 201) t.equal(reply.text, created[0]!.text);
  }
  t.equal(await count(server), 1);
});

t.test('a duplicate that arrives while the first is executing gets 409 or, once it is done, its replay', async (t) => {
  // A test-only fault holds the first execution at a gate until the duplicates are sent.
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const server = await startServer({
    fixtures: false,
    faults: ['gate'],
    faultCatalogue: [
      {
        name: 'gate',
        area: 'idempotency',
        description: 'holds every create until the test opens the gate',
        apply: (parts) => {
          const create = parts.handlers.createContact!;
          return {
            ...parts,
            handlers: {
              ...parts.handlers,
              createContact: {
                ...create,
                run: async (ctx, current) => {
                  entered();
                  await gate;
                  return create.run(ctx, current);
                },
              },
            },
          };
        },
      },
    ],
  });
  t.teardown(server.close);
  const send = () =>
    server.call('POST', '/contacts', {
      body: { contact: { firstName: 'Gated' } },
      headers: { 'idempotency-key': 'gated' },
    });
  const first = send();
  await inside;
  const duplicates = [send(), send(), send()];
  await new Promise((resolve) => setTimeout(resolve, 50));
  open();
  const created = await first;
  t.equal(created.status, 201);
  for (const duplicate of await Promise.all(duplicates)) {
    if (duplicate.status === 409)
      t.match(duplicate.json.error, { code: 'IDEMPOTENCY_CONFLICT', field: 'Idempotency-Key' });
    else {
      t.equal(duplicate.headers['idempotent-replayed'], 'true', 'a duplicate that waited is a replay');
      t.equal(duplicate.text, created.text, 'of the same bytes');
    }
  }
  t.equal(await count(server), 1, 'executed once');
  const later = await send();
  t.equal(later.headers['idempotent-replayed'], 'true', 'once done, a duplicate is a replay');
});
