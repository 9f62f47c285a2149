import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { main, type CliIo } from './cli.js';
import type { Registry } from './select.js';
import { FAKE_KEY, FAKE_KEY_2, startFakeTarget, type FakeTarget } from './testing/fake-target.js';
import type { Check } from './types.js';

interface Captured extends CliIo {
  out: () => string;
  err: () => string;
}

function capture(env: Record<string, string> = {}): Captured {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env,
    out: () => out,
    err: () => err,
  };
}

const passing: Check = {
  id: 'passes',
  description: 'reads whoami',
  area: 'auth',
  writes: false,
  run: async (ctx) => void (await ctx.client.call('getWhoami')),
};
const failing: Check = {
  id: 'fails',
  description: 'always finds something',
  area: 'data',
  writes: true,
  run: async (ctx) => {
    const res = await ctx.client.call('listContacts', { query: { limit: 3 } });
    ctx.report({
      severity: 'error',
      key: 'bad',
      operation: 'listContacts',
      message: 'a <bad> thing',
      request: res.request,
      response: res.response,
    });
  },
};
const registry: Registry = { checks: [passing, failing], responseChecks: [] };

async function listen(server: net.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
}

let target: FakeTarget;
t.before(async () => {
  target = await startFakeTarget();
});
t.teardown(() => target.close());

t.test('--help and --list-checks', async (t) => {
  const io = capture();
  t.equal(await main(['--help'], io, registry), 0);
  t.match(io.out(), /^Usage: contactdrive-conformance/);
  for (const option of [
    '--base-url',
    '--api-key-2',
    '--seed',
    '--runs',
    '--checks',
    '--skip',
    '--reporter',
    '--output',
    '--read-only',
    '--timeout',
    '--concurrency',
    '--list-checks',
  ]) {
    t.match(io.out(), option);
  }
  const list = capture();
  t.equal(await main(['--list-checks'], list, registry), 0);
  t.match(list.out(), /passes\s+reads whoami\n/);
  t.match(list.out(), /fails\s+always finds something \(writes\)/);
});

t.test('usage errors exit 2 with a message', async (t) => {
  const cases: Array<[string, { argv: string[]; env?: Record<string, string>; want: RegExp }]> = [
    ['unknown option', { argv: ['--frobnicate'], want: /Unknown option '--frobnicate'/ }],
    ['positional', { argv: ['extra'], want: /positional/ }],
    ['bad reporter', { argv: ['--reporter', 'xml'], want: /--reporter must be one of tap, json, junit/ }],
    ['bad seed', { argv: ['--seed', '1.5'], want: /--seed must be an integer/ }],
    [
      'bad runs',
      { argv: ['--runs', '0', '--base-url', 'http://x', '--api-key', 'k'], want: /--runs must be an integer from 1/ },
    ],
    [
      'no key',
      { argv: ['--base-url', 'http://127.0.0.1:1/api/v2'], want: /--api-key \(or CONTACTDRIVE_API_KEY\) is required/ },
    ],
    ['bad url', { argv: ['--base-url', 'ftp://x', '--api-key', 'k'], want: /http or https/ }],
    [
      'unknown check',
      {
        argv: ['--base-url', 'http://127.0.0.1:1/api/v2', '--api-key', 'k', '--checks', 'passes,nope'],
        want: /unknown check id: nope; valid ids: passes, fails/,
      },
    ],
    ['empty list', { argv: ['--skip', ','], want: /--skip needs a comma-separated list/ }],
  ];
  for (const [name, { argv, env, want }] of cases) {
    const io = capture(env);
    t.equal(await main(argv, io, registry), 2, name);
    t.match(io.err(), want, name);
    t.match(io.err(), /Run with --help/, name);
    t.equal(io.out(), '', `${name}: nothing on stdout`);
  }
});

t.test('targets that cannot be tested exit 2 quickly', async (t) => {
  const html = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>It works!</body></html>');
  });
  const garbage = net.createServer((socket) => socket.on('data', () => socket.end('\u0000\u0001garbage\r\n\r\n')));
  const silent = net.createServer(() => {});
  const sockets: net.Socket[] = [];
  silent.on('connection', (socket) => sockets.push(socket));
  const urls = { html: await listen(html), garbage: await listen(garbage), silent: await listen(silent) };
  // A port just closed refuses connections. It is taken after the others listen, so that none of them
  // can be given the same port.
  const refused = net.createServer();
  const refusedUrl = await listen(refused);
  await new Promise((resolve) => refused.close(resolve));
  t.teardown(async () => {
    for (const socket of sockets) socket.destroy();
    html.closeAllConnections();
    await Promise.all([html, garbage, silent].map((server) => new Promise((resolve) => server.close(resolve))));
  });

  const cases: Array<[string, string, RegExp]> = [
    ['refused', refusedUrl, /cannot reach the target: .*ECONNREFUSED/],
    ['html', urls.html, /not a ContactDrive v2 API: GET .*whoami answered 200 \(text\/html\)/],
    ['garbage', urls.garbage, /not an HTTP server: GET .*openapi\.json got (HPE_|HTTPParserError)/],
    ['silent', urls.silent, /cannot reach the target: .*timeout/],
    ['wrong key', target.url, /rejected the API key/],
  ];
  for (const [name, url, want] of cases) {
    const io = capture();
    const started = Date.now();
    const key = name === 'wrong key' ? 'not-a-key' : FAKE_KEY;
    t.equal(await main(['--base-url', url, '--api-key', key, '--timeout', '500'], io, registry), 2, name);
    t.ok(Date.now() - started < 5000, `${name}: quick`);
    t.match(io.err(), want, name);
    t.notMatch(io.err(), FAKE_KEY, `${name}: no key in the message`);
  }
});

t.test('a failing run exits 1, reports to stdout, summarises on stderr', async (t) => {
  const io = capture({
    CONTACTDRIVE_BASE_URL: target.url,
    CONTACTDRIVE_API_KEY: FAKE_KEY,
    CONTACTDRIVE_API_KEY_2: FAKE_KEY_2,
  });
  t.equal(await main(['--seed', '9', '--runs', '5'], io, registry), 1);
  t.match(io.out(), /^TAP version 14\n/);
  t.match(io.out(), /not ok 2 - fails/);
  t.match(
    io.out(),
    /reproduce: npx contactdrive-conformance --base-url http:\/\/127\.0\.0\.1:\d+\/api\/v2 --api-key "\$CONTACTDRIVE_API_KEY" --api-key-2 "\$CONTACTDRIVE_API_KEY_2" --seed 9 --runs 5 --checks fails/,
  );
  t.match(io.err(), /\[1\/2\] ok {3}passes/);
  t.match(io.err(), /\[2\/2\] FAIL fails/);
  t.match(io.err(), /Not conformant: 1 error finding\. Run again with --seed 9/);
  for (const text of [io.out(), io.err()]) {
    t.notMatch(text, FAKE_KEY);
    t.notMatch(text, FAKE_KEY_2);
  }
});

t.test('--read-only, --skip, --reporter and --output', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'conformance-cli-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const cases: Array<[string, string, (text: string) => void]> = [
    [
      'json',
      'report.json',
      (text) =>
        t.match(JSON.parse(text), {
          conformant: true,
          seed: 3,
          results: [
            { check: 'passes', status: 'passed' },
            { check: 'fails', status: 'skipped' },
          ],
        }),
    ],
    [
      'junit',
      'report.xml',
      (text) =>
        t.match(
          text,
          /<testcase classname="conformance.checks" name="fails" time="0.000">\n\s+<skipped message="the check writes data/,
        ),
    ],
    ['tap', 'report.tap', (text) => t.match(text, /ok 2 - fails # SKIP the check writes data/)],
  ];
  for (const [reporter, file, verify] of cases) {
    const io = capture();
    const output = join(dir, file);
    const argv = [
      '--base-url',
      target.url,
      '--api-key',
      FAKE_KEY,
      '--seed',
      '3',
      '--read-only',
      '--reporter',
      reporter,
      '--output',
      output,
    ];
    t.equal(await main(argv, io, registry), 0, reporter);
    t.equal(io.out(), '', `${reporter}: stdout stays empty with --output`);
    const text = await readFile(output, 'utf8');
    verify(text);
    t.notMatch(text, FAKE_KEY);
  }
  const io = capture();
  t.equal(
    await main(
      ['--base-url', target.url, '--api-key', FAKE_KEY, '--skip', 'fails', '--reporter', 'json'],
      io,
      registry,
    ),
    0,
  );
  t.same(
    JSON.parse(io.out()).results.map((r: { check: string }) => r.check),
    ['passes'],
  );
});

t.test('without a base URL the embedded reference server is tested with the demo keys', async (t) => {
  const io = capture({ CONTACTDRIVE_API_KEY: 'ignored without a base URL' });
  const twoKeys: Check = { ...failing, id: 'two-keys', writes: false, needsSecondKey: true };
  const code = await main(['--reporter', 'json', '--seed', '4'], io, {
    checks: [passing, twoKeys],
    responseChecks: [],
  });
  t.equal(code, 1);
  t.match(io.err(), /testing the embedded reference server/);
  const report = JSON.parse(io.out());
  t.match(report.target, /^http:\/\/127\.0\.0\.1:\d+\/api\/v2$/);
  t.same(
    report.results.map((r: { status: string }) => r.status),
    ['passed', 'failed'],
    'both demo keys were given',
  );
  t.equal(report.findings[0].reproduce, 'npx contactdrive-conformance --seed 4 --checks two-keys');
});

t.test('an unknown check id fails before the embedded server starts', async (t) => {
  const io = capture();
  t.equal(await main(['--checks', 'nope'], io, registry), 2);
  t.notMatch(io.err(), /embedded reference server/);
  t.match(io.err(), /unknown check id: nope/);
});
