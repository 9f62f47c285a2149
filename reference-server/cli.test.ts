import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { request } from 'undici';
import { type CliIo, main } from './cli.js';
import { FAULTS } from './faults/index.js';
import { HOME } from './testing/harness.js';

const BIN = fileURLToPath(new URL('../bin/contactdrive-reference-server.js', import.meta.url));

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
  t.ok(io.lines.some((line) => line.includes(HOME.apiKey)), 'demo keys follow');
  t.ok(io.lines.some((line) => line.includes(FAULTS[0]!.name)), 'faults are named');
  const reply = await request(`${url}/whoami`, { headers: { authorization: `Bearer ${HOME.apiKey}` } });
  t.equal(reply.statusCode, 200);
  await reply.body.dump();
  stop('SIGTERM');
  t.equal(await exited, 0);
});

t.test('end to end: the real CLI on port 0, stopped with SIGTERM', async (t) => {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
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
