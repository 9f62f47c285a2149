/**
 * What the server benchmarks share: child processes that print their URL, a
 * bare node:http server answering fixed bytes, autocannon rows with the CPU
 * time the measured processes used per request (from /proc, which a shared
 * machine's load disturbs far less than req/s), and medians of rounds.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SOURCE_CLI } from '../test/helpers/server-process.js';

interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Cannon = (options: Record<string, unknown>) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The reference server's CLI, run from the sources under tsx; the arguments follow `--`. */
export const REFERENCE = SOURCE_CLI;

export const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;

/** Starts a child that prints its URL on the first stdout line. */
export async function startChild(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
  const url = /http:\/\/[^\s]+/.exec(first)?.[0];
  if (!url) throw new Error(`no URL in "${first}"`);
  return { url, child };
}

const BARE = `
const http = require('node:http');
const body = require('node:fs').readFileSync(process.argv[1]);
const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length };
const server = http.createServer((req, res) => { res.writeHead(200, headers); res.end(body); });
server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

/** A node:http server that does no work per request: it answers every request with the bytes of `file`. */
export function startBare(file: string): Promise<{ url: string; child: ChildProcess }> {
  return startChild(['-e', BARE, file]);
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Peak resident set size of a process, in MiB (Linux: VmHWM). */
export function peakRssMiB(pid: number): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** The fields of /proc/PID/stat after the command name (which may hold spaces): [0] state, [1] ppid, [11] utime ... */
function statFields(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  } catch {
    return undefined; // the process has ended
  }
}

/** User plus system CPU time a process has used so far, in ms (Linux: /proc/PID/stat). */
export function cpuMs(pid: number): number {
  const fields = statFields(pid);
  if (!fields) throw new Error(`process ${pid} is gone`);
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/**
 * CPU time, in ms, that a process and all its children have used so far: its own, that of its
 * live children, and that of the children it has reaped (cutime, cstime). A server that forks a
 * process per connection (PostgreSQL's postmaster) is measured whole this way.
 */
export function treeCpuMs(pid: number): number {
  const own = statFields(pid);
  if (!own) throw new Error(`process ${pid} is gone`);
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const fields = statFields(Number(name));
    if (fields?.[1] === String(pid)) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / CLOCK_TICKS;
}

export interface Row {
  name: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  failures: number;
  /** The server process's (or processes') CPU time per request, in µs. */
  cpuMicros: number;
  /** CPU time per request, in µs, of the other processes the meter named (a database, a balancer). */
  otherCpuMicros: Record<string, number>;
}

export interface Meter {
  /** Seconds measured, after a 2 s warm-up that is not. */
  duration: number;
  /** CPU ms the server process(es) have used so far. */
  server: () => number;
  /** CPU ms other processes have used so far, by name. */
  others?: Record<string, () => number>;
}

export async function load(
  name: string,
  connections: number,
  options: Record<string, unknown>,
  meter: Meter,
): Promise<Row> {
  await autocannon({ ...options, connections, duration: 2 }); // warm-up, not recorded
  const others = Object.entries(meter.others ?? {});
  const before = meter.server();
  const othersBefore = others.map(([, used]) => used());
  const result = await autocannon({ ...options, connections, duration: meter.duration });
  const used = meter.server() - before;
  const perRequest = (ms: number) => (ms * 1000) / Math.max(1, result.requests.total);
  const row: Row = {
    name,
    connections,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    cpuMicros: perRequest(used),
    otherCpuMicros: Object.fromEntries(others.map(([key, cpu], i) => [key, perRequest(cpu() - othersBefore[i]!)])),
  };
  const otherCpu = Object.entries(row.otherCpuMicros).map(([key, us]) => `, ${key} CPU ${us.toFixed(0)} µs/request`);
  console.log(
    `${name}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, ` +
      `server CPU ${row.cpuMicros.toFixed(0)} µs/request${otherCpu.join('')}, failures ${row.failures}`,
  );
  return row;
}

export const medianRow = (rs: Row[]): Row => ({
  ...rs[0]!,
  rps: median(rs.map((r) => r.rps)),
  p50: median(rs.map((r) => r.p50)),
  p99: median(rs.map((r) => r.p99)),
  cpuMicros: median(rs.map((r) => r.cpuMicros)),
  otherCpuMicros: Object.fromEntries(
    Object.keys(rs[0]!.otherCpuMicros).map((key) => [key, median(rs.map((r) => r.otherCpuMicros[key]!))]),
  ),
  failures: rs.reduce((n, r) => n + r.failures, 0),
});

/**
 * The bare server and the server under test, one after the other for `rounds` rounds: on a
 * shared machine the load drifts, and a ratio from back-to-back pairs is steadier than one from
 * two distant runs. Medians of each, and each pair's ratio server/bare.
 */
export async function alternate(
  rounds: number,
  bare: () => Promise<Row>,
  server: () => Promise<Row>,
): Promise<{ bare: Row; server: Row; ratios: number[] }> {
  const pairs: Array<[Row, Row]> = [];
  for (let round = 0; round < rounds; round++) pairs.push([await bare(), await server()]);
  return {
    bare: medianRow(pairs.map(([a]) => a)),
    server: medianRow(pairs.map(([, b]) => b)),
    ratios: pairs.map(([a, b]) => b.rps / a.rps),
  };
}

/** autocannon options for `POST url` with `body`, each request under an Idempotency-Key of its own. */
export function freshKeyPost(url: string, headers: Record<string, string>, body: unknown): Record<string, unknown> {
  return {
    url,
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    requests: [
      {
        setupRequest: (req: { headers: Record<string, string> }) => ({
          ...req,
          headers: { ...req.headers, 'idempotency-key': randomUUID() },
        }),
      },
    ],
  };
}
