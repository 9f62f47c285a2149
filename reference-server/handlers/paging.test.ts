import t from 'tap';
import { HOME, startServer } from '../testing/harness.js';

const server = await startServer();
t.teardown(server.close);
const defaultLimit = server.server.parts.contract.schemas.PageLimit!.default as number;

const ids = (reply: { json: Array<{ cdId: string }> }) => reply.json.map((c) => c.cdId);
const all = await server.call('GET', '/contacts?limit=100');
const order = (a: { createdAt: string; cdId: string }, b: { createdAt: string; cdId: string }) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.cdId < b.cdId ? -1 : a.cdId > b.cdId ? 1 : 0;

t.test("D2: list order is createdAt, then cdId, and only the key's workspace", async (t) => {
  t.equal(all.status, 200);
  t.ok(all.json.length > defaultLimit, 'the fixtures fill more than one default page');
  t.same(ids(all), ids({ json: [...all.json].sort(order) }));
  t.ok(
    all.json.every((c: { cdId: string }) => c.cdId.startsWith('cd_rfb_')),
    HOME.workspaceId,
  );
});

t.test('D2: the default page is the schema default', async (t) => {
  const page = await server.call('GET', '/contacts');
  t.same(ids(page), ids(all).slice(0, defaultLimit));
});

t.test('D2: walking pages neither repeats nor skips', async (t) => {
  const seen: string[] = [];
  for (let offset = 0; ; offset += 7) {
    const page = await server.call('GET', `/contacts?limit=7&offset=${offset}`);
    seen.push(...ids(page));
    if (page.json.length < 7) break;
  }
  t.same(seen, ids(all));
  const past = await server.call('GET', '/contacts?offset=100000');
  t.same(past.json, [], 'an offset past the end is an empty page');
});

t.test('D2: contacts created during a walk append at the end', async (t) => {
  const before = ids(await server.call('GET', '/contacts?limit=5'));
  const created = await server.call('POST', '/contacts', { body: { contact: { firstName: 'Newest' } } });
  t.same(ids(await server.call('GET', '/contacts?limit=5')), before);
  const everything = await server.call('GET', '/contacts?limit=100');
  t.equal(everything.json.at(-1).cdId, created.json.data.contactId);
});

// D2: never clamped or ignored: [query, field]
const invalid: Array<[string, string]> = [
  ['limit=0', 'limit'],
  ['limit=-1', 'limit'],
  ['limit=101', 'limit'],
  ['limit=1.5', 'limit'],
  ['limit=abc', 'limit'],
  ['limit=1e3', 'limit'],
  ['limit=', 'limit'],
  ['limit=99999999999', 'limit'],
  ['limit=%201', 'limit'],
  ['offset=-1', 'offset'],
  ['offset=x', 'offset'],
  ['offset=2147483648', 'offset'],
  ['offset=', 'offset'],
  ['limit=1&limit=2', 'limit'],
  ['offset=1&offset=1', 'offset'],
];
for (const [query, field] of invalid) {
  t.test(`GET /contacts?${query} is 422 on ${field}`, async (t) => {
    const reply = await server.call('GET', `/contacts?${query}`);
    t.equal(reply.status, 422);
    t.equal(reply.json.error.code, 'VALIDATION_ERROR');
    t.equal(reply.json.error.field, field);
  });
}

t.test('the same bounds hold for search and for the query body', async (t) => {
  t.equal((await server.call('GET', '/contacts/search?q=a&limit=101')).json.error.field, 'limit');
  const body = await server.call('POST', '/contacts/query', { body: { limit: 0 } });
  t.equal(body.status, 422);
  t.equal(body.json.error.field, 'limit');
  const paged = await server.call('POST', '/contacts/query', { body: { limit: 3, offset: 2 } });
  t.same(ids(paged), ids(all).slice(2, 5));
});
