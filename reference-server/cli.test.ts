import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { request } from 'undici';
import { type CliIo, main, packageVersion } from './cli.js';
import { FAULTS } from './faults/index.js';
import { HOME } from './testing/harness.js';

const BIN = fileURLToPath(new URL('../bin/contactdrive-reference-server.js', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function fakeIo(stop?: Promise<string>): CliIo & { out: (line: string) => void; lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    errors,
    out: (line) => void lines.push(line),
    err: (line) => void errors.push(line),
    stopSignal: () => stop ?? new Promise(() => {}),
  };
}

// [argv, exit code, where the output goes, what it says]
const usage: Array<[string[], number, 'lines' | 'errors', RegExp]> = [
  [['--help'], 0, 'lines', /Usage: contactdrive-reference-server/],
  [['--list-faults'], 0, 'lines', new RegExp(FAULTS[0]!.name)],
  [['--port', 'abc'], 2, 'errors', /--port/],
  [['--port', '70000'], 2, 'errors', /--port/],
  [['--bogus'], 2, 'errors', /Usage/],
  [['stray'], 2, 'errors', /Usage/],
  [['--fault', 'no-such-fault'], 2, 'errors', /no-such-fault/],
  [['--fixtures', 'x', '--no-fixtures'], 2, 'errors', /exclude/],
  [['--version'], 0, 'lines', new RegExp(`^${VERSION.replaceAll('.', '\\.')}$`)],
  [['--headers-timeout', '0'], 2, 'errors', /--headers-timeout must be a positive whole number/],
  [['--keep-alive-timeout', '5s'], 2, 'errors', /--keep-alive-timeout/],
  [['--headers-timeout', '2000', '--request-timeout', '1000'], 2, 'errors', /must not exceed/],
];
for (const [argv, code, stream, pattern] of usage) {
  t.test(`main ${argv.join(' ')} exits ${code}`, async (t) => {
    const io = fakeIo();
    t.equal(await main(argv, io), code);
    t.match(io[stream].join('\n'), pattern);
  });
}

t.test('main: a start-up failure is exit 1 with a message', async (t) => {
  const io = fakeIo();
  t.equal(await main(['--port', '0', '--fixtures', '/nonexistent-dir'], io), 1);
  t.match(io.errors.join('\n'), /workspaces\.json/);
});

t.test('main serves until the stop signal, printing the URL first', async (t) => {
  let stop!: (signal: string) => void;
  const io = fakeIo(new Promise((resolve) => (stop = resolve)));
  const exited = main(['--port', '0', '--no-fixtures', '--fault', FAULTS[0]!.name], io);
  while (io.lines.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  const url = /http:\/\/127\.0\.0\.1:\d+\/api\/v2/.exec(io.lines[0]!)?.[0];
  t.ok(url, io.lines[0]);
  t.ok(
    io.lines.some((line) => line.includes(HOME.apiKey)),
    'demo keys follow',
  );
  t.ok(
    io.lines.some((line) => line.includes(FAULTS[0]!.name)),
    'faults are named',
  );
  const reply = await request(`${url}/whoami`, { headers: { authorization: `Bearer ${HOME.apiKey}` } });
  t.equal(reply.statusCode, 200);
  await reply.body.dump();
  stop('SIGTERM');
  t.equal(await exited, 0);
});

t.test('end to end: the real CLI on port 0, stopped with SIGTERM', async (t) => {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout });
  const [first] = (await once(lines, 'line')) as [string];
  const url = /http:\/\/127\.0\.0\.1:\d+\/api\/v2/.exec(first)?.[0];
  t.ok(url, `the first line has the URL: ${first}`);

  const list = await request(`${url}/contacts?limit=3`, { headers: { authorization: `Bearer ${HOME.apiKey}` } });
  t.equal(list.statusCode, 200);
  t.equal(((await list.body.json()) as unknown[]).length, 3, 'fixtures load by default');
  const open = await request(`${url}/openapi.json`);
  t.equal(open.statusCode, 200);
  await open.body.dump();

  const closed = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await closed) as [number | null];
  t.equal(code, 0, stderr);
});

t.test('main: a database that cannot open is one line, exit 1', async (t) => {
  const io = fakeIo();
  t.equal(await main(['--port', '0', '--db', '/nonexistent-dir/x.db'], io), 1);
  t.equal(io.errors.length, 1);
  t.match(io.errors[0], /^contactdrive-reference-server: [^\n]*directory does not exist[^\n]*$/);
});

t.test('packageVersion walks up to the nearest package.json with a version', async (t) => {
  t.equal(packageVersion(), VERSION, 'from the sources');
  t.equal(packageVersion(join(ROOT, 'dist', 'reference-server')), VERSION, 'from a compiled copy one directory deeper');
  const dir = mkdtempSync(join(tmpdir(), 'cd-version-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '9.8.7' }));
  mkdirSync(join(dir, 'dist', 'reference-server'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'package.json'), JSON.stringify({ type: 'module' }));
  t.equal(
    packageVersion(join(dir, 'dist', 'reference-server')),
    '9.8.7',
    'a package.json without a version is passed over',
  );
});

t.test('--list-faults into a closed pipe exits quietly (no EPIPE stack)', async (t) => {
  // The reader closes its end before the CLI writes a byte, so every write meets EPIPE.
  const script = `"${process.execPath}" "${BIN}" --list-faults; echo "exit=$?" >&2`;
  const child = spawn('sh', ['-c', `(${script}) | (exec 0<&-; sleep 1)`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  await once(child, 'exit');
  t.equal(stderr.trim(), 'exit=0', stderr);
});

t.test('end to end: the timeout flags cut a client trickling its headers', async (t) => {
  // From the sources (the bin runs the compiled copy), through tsx.
  const runSources = `import { main } from ${JSON.stringify(new URL('./cli.ts', import.meta.url).href)}; process.exitCode = await main(process.argv.slice(1));`;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      runSources,
      '--',
      '--port',
      '0',
      '--no-fixtures',
      '--headers-timeout',
      '300',
      '--request-timeout',
      '600',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const [first] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  const url = new URL(/http:\/\/127\.0\.0\.1:\d+\/api\/v2/.exec(first)![0]);
  const started = performance.now();
  const socket = connect(Number(url.port), url.hostname);
  socket.on('error', () => {});
  socket.write(`GET ${url.pathname}/openapi.json HTTP/1.1\r\nHost: x\r\n`);
  const drip = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 50);
  // Not events.once: a write racing the server's close may fail with EPIPE, which is expected here.
  await new Promise((resolve) => socket.on('close', resolve));
  clearInterval(drip);
  const afterMs = performance.now() - started;
  t.ok(afterMs >= 250 && afterMs < 2500, `cut after ${Math.round(afterMs)} ms`);
  const closed = once(child, 'exit');
  child.kill('SIGTERM');
  t.equal(((await closed) as [number | null])[0], 0);
});
