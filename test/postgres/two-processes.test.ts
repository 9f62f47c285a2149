/**
 * Two reference-server processes on one PostgreSQL database: the whole
 * conformance suite, at the default `--runs` and a fresh seed (one of CI's
 * random-seed runs; the first seed of CONFORMANCE_SEEDS instead when it names
 * any), passes through a round-robin balancer (nearly every request on a
 * connection of its own, so a check's requests alternate between the
 * processes), and 100 concurrent POSTs with one Idempotency-Key, sent to both
 * processes in turn, create exactly one contact with byte-identical replays
 * (D8). Skipped, with the reason, where PostgreSQL is not installed.
 */
import t from 'tap';
import { request } from 'undici';
import { runConformance } from '../../conformance/index.js';
import { startBalancer } from '../helpers/balancer.js';
import { freshSeed, givenSeeds } from '../helpers/seeded-run.js';
import { postgresMissing, startPostgres } from '../helpers/postgres.js';
import { startServerProcess } from '../helpers/server-process.js';

const missing = postgresMissing();
if (missing) t.plan(0, missing);
else {
  const pg = await startPostgres();
  if (!pg) throw new Error('PostgreSQL is installed but the cluster did not start');
  t.teardown(pg.stop);
  const db = await pg.database();
  // Both start at once on the empty database: one creates the schema and loads the fixtures.
  const servers = await Promise.all(
    [0, 1].map(() => startServerProcess(['--port', '0', '--db', db, '--keep-alive-timeout', '1'])),
  );
  for (const server of servers) t.teardown(() => server.stop());
  const [home, other] = servers[0]!.keys;
  const base = new URL(servers[0]!.url).pathname;

  const seed = givenSeeds()[0] ?? freshSeed();
  t.test(`the whole suite passes against both processes behind a balancer, seed ${seed}`, async (t) => {
    const balancer = await startBalancer(
      servers.map((s) => s.url),
      base,
    );
    t.teardown(balancer.close);
    const report = await runConformance({ baseUrl: balancer.url, apiKey: home!, apiKey2: other!, seed });
    const broken = report.results.filter((r) => r.status === 'failed' || r.status === 'errored');
    t.same(
      broken.map(
        (r) => `${r.check}: ${r.error?.message ?? r.findings.map((f) => f.message.slice(0, 300)).join(' | ')}`,
      ),
      [],
      `the reference server passes at seed ${seed} (CONFORMANCE_SEEDS=${seed} reruns it)`,
    );
    t.equal(report.verdict, 'conformant');
    t.ok(
      balancer.connections.every((n) => n > 100),
      `both processes served (connections: ${balancer.connections.join(', ')})`,
    );
  });

  t.test('100 concurrent same-key POSTs over both processes create one contact', async (t) => {
    const tag = `two-processes-${Date.now()}`;
    const body = JSON.stringify({ contact: { firstName: 'Once', tags: [tag] } });
    const replies = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const reply = await request(`${servers[i % 2]!.url}/contacts`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${home}`,
            'content-type': 'application/json',
            'idempotency-key': tag,
          },
          body,
        });
        return { status: reply.statusCode, headers: reply.headers, text: await reply.body.text() };
      }),
    );
    const statuses = new Set(replies.map((r) => r.status));
    t.ok(
      [...statuses].every((s) => s === 201 || s === 409),
      `only 201 and 409: ${[...statuses].join(', ')}`,
    );
    const created = replies.filter((r) => r.status === 201);
    t.ok(created.length >= 1, 'at least one got the result');
    t.equal(created.filter((r) => r.headers['idempotent-replayed'] !== 'true').length, 1, 'exactly one executed');
    t.equal(new Set(created.map((r) => r.text)).size, 1, 'every replay is byte-identical to the original');
    for (const conflict of replies.filter((r) => r.status === 409))
      t.match(JSON.parse(conflict.text), { error: { code: 'IDEMPOTENCY_CONFLICT', field: 'Idempotency-Key' } });
    const count = await request(`${servers[1]!.url}/contacts/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${home}`, 'content-type': 'application/json' },
      body: JSON.stringify({ conditions: [{ field: 'tags', op: 'contains', value: tag }], countOnly: true }),
    });
    t.same(await count.body.json(), { count: 1 }, 'one contact, seen from the other process too');
    const later = await request(`${servers[1]!.url}/contacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${home}`, 'content-type': 'application/json', 'idempotency-key': tag },
      body,
    });
    t.equal(later.headers['idempotent-replayed'], 'true', 'once done, a duplicate on either process is a replay');
    t.equal(await later.body.text(), created[0]!.text);
  });
}
