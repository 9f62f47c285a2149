/**
 * The package as a user gets it: build a copy of the kit, pack it, install the
 * tarball into an empty project, and use it there with plain Node (no tsx, no
 * @types/node): both bins, the API from a `.mjs` file, and a TypeScript
 * consumer type-checked against the shipped declarations.
 *
 * Slow (build, pack, install): everything happens once, in one temp directory
 * removed at the end. The build runs on a copy, so the checkout's own dist/
 * (which bins of other tests use) is never rebuilt under their feet; when that
 * dist/ is the build of the current sources (as `npm test` leaves it), the copy
 * takes it instead of building the same files again.
 */
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { PACKAGE_ROOT, packageInfo } from '../../spec/package-root.js';
import { distIsCurrent } from '../helpers/dist-current.js';
import { plainEnv } from '../helpers/plain-env.js';

const run = promisify(execFile);
const { name, version } = packageInfo();
const TSC = join(PACKAGE_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const NPM_QUIET = ['--no-audit', '--no-fund', '--loglevel=error'];

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function sh(command: string, args: string[], cwd: string): Promise<Ran> {
  try {
    const { stdout, stderr } = await run(command, args, {
      cwd,
      env: plainEnv(),
      maxBuffer: 32 << 20,
      timeout: 240_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr || e.message };
  }
}

const exitCode = (result: Ran) => result.code;
/** The link npm installed for a bin: what `npx <bin>` runs in the consumer, without npx's own start-up. */
const binOf = (bin: string) => join(consumer, 'node_modules', '.bin', bin);

const root = mkdtempSync(join(tmpdir(), 'contactdrive-package-'));
t.teardown(() => rmSync(root, { recursive: true, force: true }));
const stage = join(root, 'stage');
const consumer = join(root, 'consumer');

const SKIP_IN_COPY = new Set(['node_modules', '.git', 'dist', '.tap', 'coverage', 'reports']);

/** A copy, or false when the source changed under it (a build running in the checkout). */
function copied(from: string, to: string): boolean {
  try {
    cpSync(from, to, { recursive: true });
    return true;
  } catch {
    rmSync(to, { recursive: true, force: true });
    return false;
  }
}

t.before(async () => {
  cpSync(PACKAGE_ROOT, stage, {
    recursive: true,
    filter: (source) => !SKIP_IN_COPY.has(basename(source)) && !/\.db(-wal|-shm)?$/.test(source),
  });
  symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(stage, 'node_modules'), 'dir');
  if (!(distIsCurrent(PACKAGE_ROOT) && copied(join(PACKAGE_ROOT, 'dist'), join(stage, 'dist')))) {
    const built = await sh('npm', ['run', 'build', '--silent'], stage);
    if (exitCode(built) !== 0) throw new Error(`npm run build failed:\n${built.stdout}\n${built.stderr}`);
  }
  const packed = await sh('npm', ['pack', '--ignore-scripts', '--pack-destination', root, ...NPM_QUIET], stage);
  if (exitCode(packed) !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);

  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // Dependencies come from the npm cache when it has them; install scripts are skipped
  // and better-sqlite3's native module is taken from the checkout (same version, same Node)
  // instead of compiling it again, which would take minutes.
  const installed = await sh(
    'npm',
    ['install', '--prefer-offline', '--ignore-scripts', ...NPM_QUIET, join(root, `${name}-${version}.tgz`)],
    consumer,
  );
  if (exitCode(installed) !== 0) throw new Error(`npm install of the tarball failed:\n${installed.stderr}`);
  const native = join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  const sameVersion = (dir: string) =>
    JSON.parse(readFileSync(join(dir, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')).version;
  if (sameVersion(PACKAGE_ROOT) === sameVersion(consumer) && existsSync(join(PACKAGE_ROOT, native))) {
    mkdirSync(join(consumer, native, '..'), { recursive: true });
    cpSync(join(PACKAGE_ROOT, native), join(consumer, native));
  } else {
    const rebuilt = await sh('npm', ['rebuild', 'better-sqlite3', ...NPM_QUIET], consumer);
    if (exitCode(rebuilt) !== 0) throw new Error(`npm rebuild better-sqlite3 failed:\n${rebuilt.stderr}`);
  }
});

t.test('the tarball ships the compiled code, the contract and the fixtures, and nothing of development', async (t) => {
  const listed = await sh('tar', ['-tzf', join(root, `${name}-${version}.tgz`)], root);
  const files = listed.stdout
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
  for (const wanted of [
    'package.json',
    'README.md',
    'LICENSE',
    'CHANGELOG.md',
    'bin/contactdrive-conformance.js',
    'bin/contactdrive-reference-server.js',
    'dist/index.js',
    'dist/index.d.ts',
    'dist/conformance/cli.js',
    'dist/spec/openapi.json',
    'spec/openapi.yaml',
    'fixtures/workspaces.json',
    'fixtures/contacts.json',
  ]) {
    t.ok(files.includes(wanted), `ships ${wanted}`);
  }
  const stray = files.filter((f) => /\.test\.|^test\/|^bench\/|^\.ci\/|^node_modules\/|(?<!\.d)\.ts$|tsconfig/.test(f));
  t.same(stray, [], 'no tests, benchmarks, CI scripts or TypeScript sources');
});

t.test('no type packages were installed with it', async (t) => {
  const types = join(consumer, 'node_modules', '@types');
  const installed = existsSync(types) ? readdirSync(types) : [];
  t.notOk(installed.includes('node'), '@types/node is not a dependency');
  t.notOk(installed.includes('better-sqlite3'), '@types/better-sqlite3 is not a dependency');
  t.notOk(existsSync(join(consumer, 'node_modules', 'tsx')), 'tsx is not a dependency');
});

for (const bin of ['contactdrive-conformance', 'contactdrive-reference-server', 'contactdrive-contract']) {
  t.test(`${bin} --version and --help run on plain Node`, async (t) => {
    const shown = await sh(binOf(bin), ['--version'], consumer);
    t.equal(exitCode(shown), 0, shown.stderr);
    t.match(
      shown.stdout.trim(),
      new RegExp(`^${version.replace(/\./g, '\\.')}$`),
      'the bare version, the same on every bin',
    );
    const help = await sh(binOf(bin), ['--help'], consumer);
    t.equal(exitCode(help), 0, help.stderr);
    t.match(help.stdout, new RegExp(`Usage: ${bin}`));
  });
}

t.test('a short run against the embedded reference server passes', async (t) => {
  const result = await sh(
    binOf('contactdrive-conformance'),
    ['--runs', '2', '--checks', 'operations-smoke', '--seed', '7'],
    consumer,
  );
  t.equal(exitCode(result), 0, result.stderr);
  t.match(result.stdout, /^TAP version 14$/m, 'the report goes to stdout when it is not a terminal');
  t.match(result.stdout, /^ok \d+ - operations-smoke/m);
  t.match(result.stderr, /Conformant/);
});

const CONSUMER_MJS = `
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { createReferenceServer, loadContract, runConformance } from '${name}';
import { toJsonReport } from '${name}/conformance';

const server = await createReferenceServer({ port: 0 });
try {
  const report = await runConformance({ baseUrl: server.url, apiKey: server.demoKeys[0].apiKey, runs: 2, checks: ['operations-smoke'], seed: 7 });
  const contract = await loadContract();
  const shipped = JSON.parse(await readFile(fileURLToPath(import.meta.resolve('${name}/spec/openapi.json')), 'utf8'));
  const served = await (await fetch(server.url + '/openapi.json')).json();
  const yaml = await readFile(fileURLToPath(import.meta.resolve('${name}/spec/openapi.yaml')), 'utf8');
  const pkg = JSON.parse(await readFile(fileURLToPath(import.meta.resolve('${name}/package.json')), 'utf8'));
  const schema = JSON.parse(await readFile(fileURLToPath(import.meta.resolve('${name}/conformance/report.schema.json')), 'utf8'));
  const validate = addFormats(new Ajv2020({ strict: true })).compile(schema);
  console.log(JSON.stringify({
    conformant: report.conformant,
    checks: report.results.map((r) => r.check + ':' + r.status),
    operations: contract.operations.length,
    jsonIsServed: JSON.stringify(shipped) === JSON.stringify(served),
    yamlVersion: /^openapi: (\\S+)/m.exec(yaml)?.[1],
    version: pkg.version,
    reportValid: validate(toJsonReport(report)) || validate.errors,
  }));
} finally {
  await server.close();
}
`;

t.test('the API imports from a plain .mjs file', async (t) => {
  writeFileSync(join(consumer, 'consumer.mjs'), CONSUMER_MJS);
  const result = await sh(process.execPath, ['consumer.mjs'], consumer);
  t.equal(exitCode(result), 0, result.stderr);
  const out = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}');
  t.equal(out.conformant, true, result.stdout);
  t.ok(out.checks.includes('operations-smoke:passed'), 'the selected check ran and passed');
  t.ok(out.operations > 0, 'the contract lists operations');
  t.equal(out.jsonIsServed, true, './spec/openapi.json is the document the server serves');
  t.match(out.yamlVersion, /^3\.1\./, './spec/openapi.yaml is the OpenAPI 3.1 source');
  t.equal(out.version, version, './package.json is exported');
  t.equal(out.reportValid, true, 'the JSON report validates against the shipped schema');
});

const CONSUMER_TS = `
import {
  createReferenceServer,
  loadContract,
  runConformance,
  type CheckStatus,
  type ConformanceOptions,
  type ConformanceReport,
  type Finding,
  type ReferenceServer,
} from '${name}';
import { loadContract as loadFromSpec } from '${name}/spec';

const server: ReferenceServer = await createReferenceServer({ port: 0, fixtures: false });
const options: ConformanceOptions = {
  baseUrl: server.url,
  apiKey: server.demoKeys[0]!.apiKey,
  runs: 2,
  checks: ['operations-smoke'],
  onProgress: (event) => {
    if (event.type === 'check-end') console.log(event.result.check, event.result.status);
  },
};
const report: ConformanceReport = await runConformance(options);
const statuses: CheckStatus[] = report.results.map((r) => r.status);
const first: Finding | undefined = report.findings[0];
const contract = await loadContract();
const operationIds: string[] = contract.operations.map((op) => op.id);
const sameContract: boolean = (await loadFromSpec()) === contract;
await server.close();
export { first, operationIds, sameContract, statuses };
`;

const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    // The kit's declarations are checked too: any mention of Node's or better-sqlite3's types fails here.
    skipLibCheck: false,
    types: [],
  },
  // One compiler run checks both: the kit's declarations are checked once.
  files: ['consumer.ts', 'wrong.ts'],
};

t.test('a TypeScript consumer of the root and ./spec exports type-checks without @types/node', async (t) => {
  // The same check sees a wrong use of the API (in a module of its own), so it is not vacuous.
  const WRONG = `${CONSUMER_TS}\nconst wrong: number = report.target;\nexport { wrong };\n`;
  const wrongLine = WRONG.split('\n').length - 2;
  writeFileSync(join(consumer, 'consumer.ts'), CONSUMER_TS);
  writeFileSync(join(consumer, 'wrong.ts'), WRONG);
  writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify(CONSUMER_TSCONFIG, null, 2));
  const checked = await sh(process.execPath, [TSC, '-p', 'tsconfig.json'], consumer);
  const errors = checked.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
  t.same(
    errors.filter((line) => !line.startsWith('wrong.ts(')),
    [],
    `the consumer type-checks against the shipped declarations\n${checked.stderr}`,
  );
  t.not(exitCode(checked), 0, 'assigning the string target to a number is refused');
  t.match(errors.join('\n'), new RegExp(`^wrong\\.ts\\(${wrongLine},.*TS2322`, 'm'));
});
