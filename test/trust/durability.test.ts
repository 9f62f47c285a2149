/**
 * Nothing acknowledged is lost: 16 writers create contacts while the server
 * process is killed with SIGKILL; after a restart on the same database every
 * contact that got its 201 is there. On both stores: a SQLite file (WAL,
 * `synchronous = FULL`) and PostgreSQL with fsync on (skipped, with the reason,
 * where PostgreSQL is not installed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { Agent, request } from 'undici';
import { postgresMissing, startPostgres } from '../helpers/postgres.js';
import { startServerProcess } from '../helpers/server-process.js';

const WRITERS = 16;
const ROUNDS = 1;
/** Writes acknowledged before the kill, per round. */
const ACKNOWLEDGED = 500;

async function killDuringWrites(t: Test, db: string): Promise<void> {
  let total = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const server = await startServerProcess(['--port', '0', '--db', db]);
    t.teardown(() => server.stop('SIGKILL'));
    const key = server.keys[0]!;
    const agent = new Agent({ connections: WRITERS });
    const acknowledged: string[] = [];
    let killed = false;
    const writer = async (w: number) => {
      for (let n = 0; !killed; n++) {
        try {
          const reply = await request(`${server.url}/contacts`, {
            method: 'POST',
            dispatcher: agent,
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify({ contact: { firstName: `r${round}w${w}n${n}` } }),
          });
          const text = await reply.body.text();
          if (reply.statusCode === 201) acknowledged.push(JSON.parse(text).data.contactId as string);
        } catch {
          return; // the connection died with the server
        }
        if (acknowledged.length >= ACKNOWLEDGED && !killed) {
          killed = true;
          server.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    await server.stop('SIGKILL');
    await agent.close();

    const again = await startServerProcess(['--port', '0', '--db', db]);
    t.teardown(() => again.stop());
    let found = 0;
    for (let i = 0; i < acknowledged.length; i += 100) {
      const reply = await request(`${again.url}/contacts/query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          conditions: [{ field: 'cdId', op: 'in', value: acknowledged.slice(i, i + 100) }],
          countOnly: true,
        }),
      });
      found += ((await reply.body.json()) as { count: number }).count;
    }
    await again.stop();
    t.equal(
      found,
      acknowledged.length,
      `round ${round}: all ${acknowledged.length} acknowledged writes survived the kill`,
    );
    total += acknowledged.length;
  }
  t.ok(total >= ROUNDS * ACKNOWLEDGED, `${total} acknowledged writes checked`);
}

t.test('SQLite file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cd-durable-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  await killDuringWrites(t, join(dir, 'contacts.db'));
});

const missing = postgresMissing();
t.test('PostgreSQL', { skip: missing ?? false }, async (t) => {
  const pg = await startPostgres({ fsync: true });
  if (!pg) throw new Error('PostgreSQL is installed but the cluster did not start');
  t.teardown(pg.stop);
  await killDuringWrites(t, await pg.database());
});
