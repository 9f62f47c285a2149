/**
 * The conformance suite's own CPU per request, beside a plain undici client's:
 * the reference server runs in a child process, so the process CPU time this
 * process spends (`process.cpuUsage()`, user + system) is the client side only.
 * The plain client sends `getWhoami` over an Agent with the suite's connection
 * count and reads each body as text, and the suite's ApiClient sends the same;
 * the suite is a whole default run (`runConformance`, as the CLI runs it), its
 * CPU divided by the requests its checks sent. Writes its section of
 * bench/RESULTS.md (between the suite-cpu markers) and leaves the rest alone.
 *
 *   npm run bench:suite-cpu [-- --seed N] [--plain-requests N] [--no-write]
 *
 * `--profile FILE` also writes a CPU profile of the suite run alone (open it in
 * Chrome DevTools or speedscope).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { createInterface } from 'node:readline';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Agent, Pool, request } from 'undici';
import { createApiClient, createDispatcher, DEFAULTS, resolveConfig, runConformance } from '../conformance/index.js';
import { loadContract } from '../spec/index.js';
import { measuredCommit, writeResultsSection } from './results.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    serve: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    'plain-requests': { type: 'string', default: '2000' },
    profile: { type: 'string' },
  },
});

interface Served {
  url: string;
  keys: string[];
}

if (values.serve) {
  // The child: a reference server on the demo fixtures until its parent closes stdin.
  const { createReferenceServer, silentLogger } = await import('../reference-server/index.js');
  const server = await createReferenceServer({ port: 0, db: ':memory:', logger: silentLogger });
  const served: Served = { url: server.url, keys: server.demoKeys.map((k) => k.apiKey) };
  process.stdout.write(`${JSON.stringify(served)}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
} else {
  await measure();
}

async function startServer(): Promise<{ served: Served; child: ChildProcess }> {
  // Plain node + tsx: a profiler flag given to this process must not profile the server too.
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the reference server exited (${code})`)));
  });
  return { served: JSON.parse(line) as Served, child };
}

function median(values: number[]): number {
  return [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
}

function cpuMicros(since?: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return used.user + used.system;
}

/** CPU µs per call of `one`, `count` calls, `connections` at once, after a warm-up. */
async function perCall(one: () => Promise<unknown>, count: number, connections: number): Promise<number> {
  // Warm up the connections and the JIT before measuring.
  await Promise.all(Array.from({ length: connections * 50 }, one));
  const before = process.cpuUsage();
  let left = count;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (left-- > 0) await one();
    }),
  );
  return cpuMicros(before) / count;
}

/** undici's `request` alone, reading each body as text. */
async function plainClient(served: Served, count: number, connections: number): Promise<number> {
  const contract = await loadContract();
  const url = `${served.url}${contract.operation('getWhoami').path}`;
  const dispatcher = new Agent({ connections, pipelining: 1 });
  const headers = { authorization: `Bearer ${served.keys[0]}` };
  try {
    return await perCall(
      async () => {
        const res = await request(url, { dispatcher, headers });
        await res.body.text();
        if (res.statusCode !== 200) throw new Error(`getWhoami answered ${res.statusCode}`);
      },
      count,
      connections,
    );
  } finally {
    await dispatcher.close();
  }
}

/**
 * A bare undici Pool's rate on the same server right after the suite: `GET
 * /contacts?limit=10`, `connections` at once, for `seconds` (the issue's
 * yardstick for the suite's own rate).
 */
async function poolRate(served: Served, connections: number, seconds: number): Promise<number> {
  const contract = await loadContract();
  const list = contract.operation('listContacts');
  const path = `${new URL(served.url).pathname.replace(/\/$/, '')}${list.path}?${contract.names.query.limit}=10`;
  const pool = new Pool(new URL(served.url).origin, { connections, pipelining: 1 });
  const headers = { authorization: `Bearer ${served.keys[0]}` };
  let sent = 0;
  const until = performance.now() + seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < until) {
          const res = await pool.request({ method: 'GET', path, headers });
          await res.body.text();
          if (res.statusCode !== 200) throw new Error(`the list answered ${res.statusCode}`);
          sent += 1;
        }
      }),
    );
    return sent / seconds;
  } finally {
    await pool.close();
  }
}

/** The suite's ApiClient, as checks call it (the run's stop signal, a listener that sees each exchange). */
async function suiteClient(served: Served, count: number, connections: number): Promise<number> {
  const contract = await loadContract();
  const { config } = resolveConfig({ baseUrl: served.url, apiKey: served.keys[0]! });
  const dispatcher = createDispatcher(config);
  const stop = new AbortController();
  let failed = 0;
  const client = createApiClient({
    contract,
    config,
    dispatcher,
    apiKey: config.apiKey,
    signal: stop.signal,
    onExchange: (response) => void (failed += response.status === 200 ? 0 : 1),
  });
  try {
    const micros = await perCall(() => client.call('getWhoami'), count, connections);
    if (failed > 0) throw new Error(`${failed} getWhoami calls of the ApiClient did not answer 200`);
    return micros;
  } finally {
    await dispatcher.close();
  }
}

async function measure(): Promise<void> {
  const seed = Number(values.seed);
  const loadBefore = loadavg()[0]!;
  const { served, child } = await startServer();
  try {
    const plainCount = Number(values['plain-requests']);
    // Three interleaved rounds each, the median kept: the machine may be shared.
    const plainRounds: number[] = [];
    const clientRounds: number[] = [];
    for (let round = 0; round < 3; round++) {
      plainRounds.push(await plainClient(served, plainCount, DEFAULTS.concurrency));
      clientRounds.push(await suiteClient(served, plainCount, DEFAULTS.concurrency));
    }
    const plain = median(plainRounds);
    const client = median(clientRounds);

    const session = values.profile !== undefined ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const before = process.cpuUsage();
    const started = performance.now();
    const report = await runConformance({
      baseUrl: served.url,
      apiKey: served.keys[0]!,
      apiKey2: served.keys[1]!,
      seed,
    });
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(before);
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(values.profile!, JSON.stringify(profile));
      session.disconnect();
    }
    const requests = report.results.filter((r) => r.kind !== 'response-check').reduce((sum, r) => sum + r.requests, 0);
    const suiteRate = requests / (wallMs / 1000);
    const pool = await poolRate(served, DEFAULTS.concurrency, 5);
    const suiteMicros = used.user + used.system;
    const perRequest = suiteMicros / requests;
    const broken = report.results.filter((r) => r.status === 'failed' || r.status === 'errored').map((r) => r.check);

    const rows: Array<[string, string]> = [
      ['date', new Date().toISOString().slice(0, 10)],
      ['commit', measuredCommit()],
      ['nproc', String(availableParallelism())],
      ['node', process.version],
      ['load average (1 min) before / after', `${loadBefore.toFixed(2)} / ${loadavg()[0]!.toFixed(2)}`],
      [
        `plain undici client (getWhoami, ${DEFAULTS.concurrency} connections, median of 3 rounds of ${plainCount.toLocaleString('en-US')} requests)`,
        `${Math.round(plain)} µs CPU per request`,
      ],
      [
        "the suite's ApiClient alone (the same requests and rounds)",
        `${Math.round(client)} µs CPU per request (${(client / plain).toFixed(2)}x the plain client)`,
      ],
      [
        'suite run (preflight + checks)',
        `${(wallMs / 1000).toFixed(1)} s wall, ${(suiteMicros / 1e6).toFixed(2)} s CPU (user ${(used.user / 1e6).toFixed(2)} s, system ${(used.system / 1e6).toFixed(2)} s)`,
      ],
      ['requests sent by the checks', requests.toLocaleString('en-US')],
      [
        'suite CPU per request (target <= 800 µs)',
        `${Math.round(perRequest)} µs (${(perRequest / plain).toFixed(1)}x the plain client), ${perRequest <= 800 ? 'met' : 'NOT met'}`,
      ],
      [
        `suite requests/s, and a bare undici Pool's right after (${DEFAULTS.concurrency} connections, GET /contacts?limit=10, 5 s)`,
        `${Math.round(suiteRate).toLocaleString('en-US')} and ${Math.round(pool).toLocaleString('en-US')} req/s`,
      ],
      [
        'suite / Pool (target >= 0.35)',
        `${(suiteRate / pool).toFixed(3)}, ${suiteRate / pool >= 0.35 ? 'met' : 'NOT met'}`,
      ],
      ['verdict', `${report.verdict}${broken.length > 0 ? ` (not passed: ${broken.join(', ')})` : ''}`],
    ];
    const section = [
      '<!-- suite-cpu:start -->',
      "## Conformance suite: the client side's CPU per request",
      '',
      '```',
      `npm run bench:suite-cpu   # --seed ${seed}; the reference server in a child process, so this process's CPU is the suite's`,
      '```',
      '',
      '| measure | value |',
      '|---|---|',
      ...rows.map(([name, value]) => `| ${name} | ${value} |`),
      '<!-- suite-cpu:end -->',
    ].join('\n');
    process.stdout.write(`${section}\n`);
    if (!values['no-write']) await writeResultsSection('suite-cpu', section);
  } finally {
    child.stdin!.end();
    await new Promise((resolve) => child.once('exit', resolve));
  }
}
