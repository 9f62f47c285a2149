import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { createContact, startServer } from '../testing/harness.js';

t.test('--db PATH keeps contacts across restarts; fixtures are not loaded twice', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cd-ref-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'contacts.db');
  const count = async (server: Awaited<ReturnType<typeof startServer>>) =>
    (await server.call('POST', '/contacts/query', { body: { countOnly: true } })).json.count as number;

  const first = await startServer({ db });
  const fixtures = await count(first);
  const id = await createContact(first, { firstName: 'Durable' });
  const key = { 'idempotency-key': 'persisted' };
  const original = await first.call('POST', '/contacts', { body: { contact: { firstName: 'Once' } }, headers: key });
  await first.close();

  const second = await startServer({ db });
  t.teardown(second.close);
  t.equal(await count(second), fixtures + 2);
  const found = await second.call('POST', '/contacts/query', {
    body: { conditions: [{ field: 'cdId', op: 'eq', value: id }] },
  });
  t.equal(found.json[0].firstName, 'Durable');
  const search = await second.call('GET', '/contacts/search?q=durab');
  t.same(
    search.json.map((c: { cdId: string }) => c.cdId),
    [id],
    'the search index persists too',
  );
  const replay = await second.call('POST', '/contacts', { body: { contact: { firstName: 'Once' } }, headers: key });
  t.equal(replay.text, original.text);
  t.equal(replay.headers['idempotent-replayed'], 'true', 'so do idempotency records');
});
