/**
 * Test support: a throwaway PostgreSQL cluster. `initdb` into a fresh temporary
 * directory, `pg_ctl start` on a free loopback port (found by binding port 0
 * and releasing it; a lost race is retried on another), trust authentication
 * for the `postgres` user. PostgreSQL refuses to run as root, so under uid 0
 * the cluster runs as `nobody` (`runuser`). `stop()` stops it at once and
 * removes the directory; a cluster whose test process died without stopping it
 * is stopped and removed by the next `startPostgres`, so none blocks a run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  accessSync,
  chownSync,
  constants,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** The cluster's `postgres` database, as the `postgres` superuser. */
  url: string;
  /** The temporary directory holding the cluster (removed by `stop()`). */
  dir: string;
  /** A new empty database on the cluster (UTF8, an ICU en-US default collation where there is ICU); its URL. */
  database(): Promise<string>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * Unit tests run with `fsync = off` (faster; a crash of the machine could lose commits, which
   * no unit test looks at). A durability test passes true.
   */
  fsync?: boolean;
}

const PREFIX = 'cd-pg-';
const OWNER = 'owner.pid';
const UNPRIVILEGED = 'nobody';

interface Binaries {
  initdb: string;
  pgCtl: string;
  /** The command prefix that runs them as a user PostgreSQL accepts (empty unless root). */
  as: string[];
  uid?: number;
  gid?: number;
}

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
const onPath = (name: string) =>
  (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, name))
    .find(executable);

function binaries(): Binaries | string {
  let initdb = onPath('initdb');
  let pgCtl = onPath('pg_ctl');
  if (!initdb || !pgCtl) {
    let bindir: string | undefined;
    try {
      bindir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    } catch {
      bindir = undefined;
    }
    if (bindir) {
      initdb ??= [join(bindir, 'initdb')].find(executable);
      pgCtl ??= [join(bindir, 'pg_ctl')].find(executable);
    }
  }
  if (!initdb || !pgCtl) return 'PostgreSQL is not installed (no initdb/pg_ctl on PATH or in pg_config --bindir)';
  if (process.getuid?.() !== 0) return { initdb, pgCtl, as: [] };
  const runuser = onPath('runuser');
  if (!runuser) return 'running as root, and without runuser PostgreSQL cannot be started as another user';
  const id = (flag: string) => Number(execFileSync('id', [flag, UNPRIVILEGED], { encoding: 'utf8' }).trim());
  return { initdb, pgCtl, as: [runuser, '-u', UNPRIVILEGED, '--'], uid: id('-u'), gid: id('-g') };
}

let found: Binaries | string | undefined;
const locate = () => (found ??= binaries());

/** Why no cluster can be started here (one line), or undefined when one can. */
export function postgresMissing(): string | undefined {
  const bins = locate();
  return typeof bins === 'string' ? bins : undefined;
}

function run(bins: Binaries, command: string, args: string[], cwd: string) {
  const [file, ...rest] = [...bins.as, command, ...args];
  const result = spawnSync(file!, rest, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-3).join(' / ');
    throw new Error(`${command} ${args[0] ?? ''} failed (${result.status ?? result.signal}): ${output}`);
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Stops and removes the clusters of test processes that ended without stopping theirs. */
function reapStale(bins: Binaries) {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, OWNER), 'utf8'));
    } catch {
      continue; // not (yet) one of ours
    }
    if (!Number.isInteger(owner) || alive(owner)) continue;
    try {
      run(bins, bins.pgCtl, ['stop', '-D', join(dir, 'data'), '-m', 'immediate', '-w'], dir);
    } catch {
      // not running any more
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

let databases = 0;

/** A running cluster, or undefined when PostgreSQL is not installed (see `postgresMissing`). */
export async function startPostgres(options: StartOptions = {}): Promise<TestPostgres | undefined> {
  const bins = locate();
  if (typeof bins === 'string') return undefined;
  reapStale(bins);
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(dir, OWNER), String(process.pid));
  if (bins.uid !== undefined && bins.gid !== undefined) chownSync(dir, bins.uid, bins.gid);
  const data = join(dir, 'data');
  let running = false;
  const stopNow = () => {
    if (running) {
      running = false;
      try {
        run(bins, bins.pgCtl, ['stop', '-D', data, '-m', 'immediate', '-w'], dir);
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A test process that exits without teardown still stops its cluster.
  process.once('exit', stopNow);

  try {
    run(
      bins,
      bins.initdb,
      ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      dir,
    );
    let port = 0;
    for (let attempt = 1; !running; attempt++) {
      port = await freePort();
      const settings = [
        `-p ${port}`,
        '-c listen_addresses=127.0.0.1',
        `-k ${dir}`,
        '-c shared_buffers=32MB',
        `-c fsync=${options.fsync ? 'on' : 'off'}`,
      ];
      try {
        run(
          bins,
          bins.pgCtl,
          ['start', '-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', settings.join(' ')],
          dir,
        );
        running = true;
      } catch (error) {
        if (attempt >= 3) throw error; // another process took the port in between: try another
      }
    }
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    return {
      url,
      dir,
      async database() {
        const name = `t${process.pid}_${++databases}`;
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          // Where the server has ICU, a natural-language default collation (`a` < `B`), so a store
          // that forgets COLLATE "C" somewhere orders differently in tests too.
          await client.query(
            `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'`,
          );
        } catch {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        return `postgres://postgres@127.0.0.1:${port}/${name}`;
      },
      async stop() {
        process.removeListener('exit', stopNow);
        stopNow();
      },
    };
  } catch (error) {
    process.removeListener('exit', stopNow);
    stopNow();
    throw error;
  }
}
