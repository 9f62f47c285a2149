import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import t from 'tap';
import { postgresMissing, startPostgres } from '../../../test/helpers/postgres.js';
import { skipWithoutPostgres } from './test-support.js';

// The throwaway cluster the store's tests use: it starts, serves, stops and leaves nothing behind,
// and one left by a test process that was killed is reaped by the next start.
const HELPER = pathToFileURL(join(import.meta.dirname, '../../../test/helpers/postgres.ts')).href;

if (postgresMissing()) skipWithoutPostgres(t);
else {
  t.test('start, a fresh database, stop: the directory is gone', async (t) => {
    const cluster = (await startPostgres())!;
    t.ok(existsSync(join(cluster.dir, 'data')), 'a directory of its own');
    const client = new pg.Client({ connectionString: await cluster.database() });
    await client.connect();
    const { rows } = await client.query<{ encoding: string }>(
      'SELECT pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = current_database()',
    );
    await client.end();
    t.equal(rows[0]?.encoding, 'UTF8');
    await cluster.stop();
    t.notOk(existsSync(cluster.dir), 'removed by stop()');
    await cluster.stop(); // twice is harmless
  });

  t.test('a cluster whose process was killed is stopped and removed by the next start', async (t) => {
    // A child starts a cluster and is killed before it can stop it.
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { startPostgres } = await import(${JSON.stringify(HELPER)});
         const c = await startPostgres();
         process.stdout.write(JSON.stringify([c.url, c.dir]));
         process.kill(process.pid, 'SIGKILL');`,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    t.equal(child.signal, 'SIGKILL', child.stderr);
    const [url, dir] = JSON.parse(child.stdout) as [string, string];
    t.ok(existsSync(dir), 'the killed process left its cluster');
    const orphan = new pg.Client({ connectionString: url });
    await orphan.connect();
    await orphan.end();
    t.pass('and it was still running');
    const postmaster = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const next = (await startPostgres())!;
    t.teardown(next.stop);
    t.notOk(existsSync(dir), 'the next start removed it');
    t.throws(() => process.kill(postmaster, 0), { code: 'ESRCH' }, 'and stopped it');
  });
}
