/**
 * The conformance CLI's output in CI and on a terminal: where the report goes,
 * the checks made before the run (output path, options), and one-line errors
 * instead of stack traces (unwritable output, EPIPE, a native-module mismatch).
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { abiMismatch, main, type CliIo } from '../../conformance/cli.js';
import type { Registry } from '../../conformance/select.js';
import { FAKE_KEY, startFakeTarget, type FakeTarget } from '../../conformance/testing/fake-target.js';
import { PACKAGE_ROOT } from '../../spec/package-root.js';

function capture(isTTY: boolean) {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (out += s), isTTY },
    stderr: { write: (s: string) => (err += s), isTTY },
    env: {},
  };
  return { io, out: () => out, err: () => err };
}

const registry: Registry = {
  checks: [
    {
      id: 'reads',
      description: 'reads whoami',
      area: 'auth',
      writes: false,
      run: async (ctx) => void (await ctx.client.call('getWhoami')),
    },
  ],
  responseChecks: [],
};

let target: FakeTarget;
let dir: string;
t.before(async () => {
  target = await startFakeTarget();
  dir = await mkdtemp(join(tmpdir(), 'cli-output-'));
});
t.teardown(async () => {
  await target.close();
  await rm(dir, { recursive: true, force: true });
});

const run = (argv: string[], isTTY: boolean) => {
  const captured = capture(isTTY);
  return main(['--base-url', target.url, '--api-key', FAKE_KEY, '--seed', '1', ...argv], captured.io, registry).then(
    (code) => ({ code, ...captured }),
  );
};

// [case, argv, stdout is a terminal, what stdout holds]
const destinations: Array<[string, string[], boolean, RegExp]> = [
  ['a terminal without --reporter: progress and summary only', [], true, /^$/],
  ['a terminal with --reporter: the report', ['--reporter', 'tap'], true, /^TAP version 14\n/],
  ['a pipe: the report', [], false, /^TAP version 14\n/],
  ['a pipe with --reporter json: the report', ['--reporter', 'json'], false, /^\{\n {2}"schemaVersion": 1/],
];
for (const [name, argv, isTTY, stdout] of destinations) {
  t.test(`stdout on ${name}`, async (t) => {
    const result = await run(argv, isTTY);
    t.equal(result.code, 0, result.err());
    t.match(result.out(), stdout);
    t.match(result.err(), /Conformant\./, 'the summary is on stderr');
  });
}

// [case, the path, the one line said]
const unwritable: Array<[string, () => Promise<string>, RegExp]> = [
  ['a missing directory', async () => join(dir, 'nope', 'r.tap'), /: its directory does not exist$/],
  ['a directory', async () => dir, /: it is a directory$/],
  [
    'a path through a file',
    async () => {
      await writeFile(join(dir, 'plain'), '');
      return join(dir, 'plain', 'r.tap');
    },
    /: a part of the path is not a directory$/,
  ],
];
for (const [name, pathOf, said] of unwritable) {
  t.test(`--output to ${name} is one line and exit 2, before any request`, async (t) => {
    const path = await pathOf();
    const before = target.requests.length;
    const result = await run(['--output', path], false);
    t.equal(result.code, 2);
    const lines = result.err().trimEnd().split('\n');
    t.equal(lines.length, 1, result.err());
    t.match(
      lines[0],
      new RegExp(
        `^contactdrive-conformance: cannot write the report to ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
      ),
    );
    t.match(lines[0], said);
    t.equal(target.requests.length, before, 'the target got no request');
  });
}

t.test(
  '--output in a read-only directory is refused before the run',
  { skip: process.getuid?.() === 0 ? 'root writes anywhere' : false },
  async (t) => {
    const locked = join(dir, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o500);
    const result = await run(['--output', join(locked, 'r.tap')], false);
    t.equal(result.code, 2);
    t.match(result.err(), /permission denied/);
  },
);

t.test('--output writes the report; a run that ends without one leaves no empty file behind', async (t) => {
  const path = join(dir, 'report.tap');
  const ok = await run(['--output', path], false);
  t.equal(ok.code, 0, ok.err());
  t.equal(ok.out(), '');
  t.match(await readFile(path, 'utf8'), /^TAP version 14\n/);

  const lost = join(dir, 'lost.tap');
  const captured = capture(false);
  const code = await main(
    ['--base-url', 'http://127.0.0.1:9/api/v2', '--api-key', FAKE_KEY, '--output', lost],
    captured.io,
    registry,
  );
  t.equal(code, 2, 'the target cannot be reached');
  await t.rejects(stat(lost), { code: 'ENOENT' }, 'the probe file was removed');
});

t.test('a bad option is refused before the embedded server starts', async (t) => {
  const captured = capture(false);
  t.equal(await main(['--seed', '99999999999'], captured.io, registry), 2);
  t.match(captured.err(), /--seed must be an integer/);
  t.notMatch(captured.err(), /embedded reference server/);
});

t.test('a native module built for another Node.js is one line naming npm rebuild', async (t) => {
  const error = new Error(
    "the embedded reference server did not start: Error: The module '/x/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\n" +
      'was compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\n' +
      'NODE_MODULE_VERSION 127. Please try re-compiling or re-installing\n    at Module._extensions..node (node:internal/modules/cjs/loader:1586:18)',
  );
  const line = abiMismatch(error)!;
  t.match(line, /NODE_MODULE_VERSION 115, this Node\.js v[\d.]+ needs 127\): run `npm rebuild better-sqlite3`$/);
  t.notMatch(line, /\n/);
  t.equal(abiMismatch(new Error('ECONNREFUSED')), undefined);
});

t.test('a reader that closes the pipe ends the CLI quietly', async (t) => {
  // The bins' shared runner, driving the TypeScript CLI: stdout is closed before the report is written.
  const script = join(dir, 'epipe.mjs');
  const runner = pathToFileURL(join(PACKAGE_ROOT, 'bin', 'run.js')).href;
  await writeFile(
    script,
    `import { run } from ${JSON.stringify(runner)};\nawait run('./conformance/cli.ts', ${JSON.stringify(pathToFileURL(join(PACKAGE_ROOT, 'x.js')).href)});\n`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--list-checks'], {
    cwd: PACKAGE_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  t.equal(code, 0, stderr);
  t.equal(stderr, '', 'no stack trace');
});

t.test('several reports of one run: each --reporter goes to its --output', async (t) => {
  const sarif = join(dir, 'both.sarif');
  const junit = join(dir, 'both.xml');
  const before = target.requests.length;
  const result = await run(['--reporter', 'sarif', '--output', sarif, '--reporter', 'junit', '--output', junit], false);
  t.equal(result.code, 0, result.err());
  t.equal(result.out(), '');
  t.equal(JSON.parse(await readFile(sarif, 'utf8')).version, '2.1.0');
  t.match(await readFile(junit, 'utf8'), /^<\?xml[\s\S]*<testsuites name="contactdrive-conformance"/);
  t.ok(target.requests.length > before, 'one run made the requests');

  const mismatched = await run(['--reporter', 'sarif', '--reporter', 'junit', '--output', sarif], false);
  t.equal(mismatched.code, 2);
  t.match(mismatched.err(), /2 reporters need as many --output files, got 1/);
});

t.test('--version prints the version from package.json and starts nothing', async (t) => {
  const { packageInfo } = await import('../../spec/package-root.js');
  const captured = capture(true);
  t.equal(await main(['--version'], captured.io, registry), 0);
  t.equal(captured.out(), `${packageInfo().version}\n`);
  t.equal(captured.err(), '');
});
