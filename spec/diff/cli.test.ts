import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { parse, stringify } from 'yaml';
import { packagePath } from '../package-root.js';
import { main, type CliIo } from './cli.js';
import { applyPatch } from './testing/json-patch.js';

const baselineText = readFileSync(packagePath('spec', 'baseline', 'openapi.yaml'), 'utf8');
const baseline = parse(baselineText) as Record<string, unknown>;

async function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** A directory with base.yaml (the baseline) and head.yaml (the baseline with a narrower email). */
function workspace(t: Test) {
  const dir = t.testdir();
  writeFileSync(join(dir, 'base.yaml'), baselineText);
  const narrowed = applyPatch(baseline, [
    { op: 'replace', path: '/components/schemas/ContactFields/properties/email/maxLength', value: 123 },
  ]);
  const headText = stringify(narrowed);
  writeFileSync(join(dir, 'head.yaml'), headText);
  // The line of ContactFields.email's maxLength, where the annotation must land.
  const lines = headText.split('\n');
  const fields = lines.findIndex((l) => l === '    ContactFields:');
  const line = lines.findIndex((l, i) => i > fields && l.trim() === 'maxLength: 123') + 1;
  return { dir, line };
}

t.test('identical documents: exit 0, and the text report says so', async (t) => {
  const { dir } = workspace(t);
  const { code, stdout } = await run(['diff', 'base.yaml', 'base.yaml'], dir);
  t.equal(code, 0);
  t.equal(stdout, 'contract diff base.yaml → base.yaml: 0 breaking, 0 deprecations, 0 additive\n');
});

t.test('a breaking change: exit 1, and every reporter names the rule and location', async (t) => {
  const { dir, line } = workspace(t);
  t.ok(line > 0, 'the changed line is found');
  const text = await run(['diff', 'base.yaml', 'head.yaml'], dir);
  t.equal(text.code, 1);
  t.match(text.stdout, /^contract diff base\.yaml → head\.yaml: 2 breaking, 0 deprecations, 0 additive\n/);
  t.match(
    text.stdout,
    `breaking    request-length-narrowed  POST /contacts: request body contact.email: maxLength 254 → 123 (head.yaml:${line})`,
  );
  t.match(text.stdout, /2 breaking changes: ship them under a new version/);

  const json = JSON.parse((await run(['diff', '--reporter', 'json', 'base.yaml', 'head.yaml'], dir)).stdout);
  t.same(json.counts, { breaking: 2, deprecation: 0, additive: 0 });
  t.match(json.changes[0], {
    rule: 'request-length-narrowed',
    kind: 'breaking',
    operation: 'POST /contacts',
    side: 'head',
    file: 'head.yaml',
    line,
  });

  const github = await run(['diff', '--reporter', 'github', 'base.yaml', 'head.yaml'], dir);
  t.equal(github.code, 1);
  t.match(
    github.stdout.split('\n')[0],
    `::error file=head.yaml,line=${line},title=breaking change%3A request-length-narrowed::POST /contacts: request body contact.email: maxLength 254 → 123. Inputs valid before are refused`,
  );

  const junit = (await run(['diff', '--reporter', 'junit', 'base.yaml', 'head.yaml'], dir)).stdout;
  t.match(junit, /<testsuites name="contactdrive-contract-diff" tests="2" failures="2"/);
  t.match(junit, /<failure type="request-length-narrowed" message="request body contact\.email: maxLength 254 → 123">/);

  const sarif = JSON.parse((await run(['diff', '--reporter', 'sarif', 'base.yaml', 'head.yaml'], dir)).stdout);
  t.equal(sarif.version, '2.1.0');
  t.same(
    sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id),
    ['request-length-narrowed'],
  );
  t.match(sarif.runs[0].results[0], {
    ruleId: 'request-length-narrowed',
    level: 'error',
    locations: [{ physicalLocation: { artifactLocation: { uri: 'head.yaml' }, region: { startLine: line } } }],
  });
});

t.test('additive changes only: exit 0, listed as notices', async (t) => {
  const { dir } = workspace(t);
  const widened = applyPatch(baseline, [
    { op: 'add', path: '/components/schemas/Whoami/properties/avatarUrl', value: { type: 'string', maxLength: 2000 } },
  ]);
  writeFileSync(join(dir, 'wider.yaml'), stringify(widened));
  const { code, stdout } = await run(['diff', '--reporter', 'github', 'base.yaml', 'wider.yaml'], dir);
  t.equal(code, 0);
  t.match(
    stdout,
    /^::notice file=wider\.yaml,line=\d+,title=additive change%3A response-property-added::GET \/whoami: response 200 body: property avatarUrl added/,
  );
});

t.test('--output writes the report to a file and the headline to stderr', async (t) => {
  const { dir } = workspace(t);
  const { code, stdout, stderr } = await run(
    ['diff', '--reporter', 'json', '--output', 'out.json', 'base.yaml', 'head.yaml'],
    dir,
  );
  t.equal(code, 1);
  t.equal(stdout, '');
  t.match(stderr, /2 breaking/);
  t.equal(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).counts.breaking, 2);
});

t.test('--base reads the base from a git revision', async (t) => {
  const dir = t.testdir();
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=kit', '-c', 'user.email=kit@example.invalid', ...args], {
      cwd: dir,
      stdio: 'pipe',
    });
  git('init', '-q');
  execFileSync('mkdir', ['-p', join(dir, 'spec')]);
  writeFileSync(join(dir, 'spec', 'openapi.yaml'), baselineText);
  git('add', 'spec/openapi.yaml');
  git('commit', '-q', '-m', 'v2');
  const { code: same, stdout } = await run(['diff', '--base', 'HEAD'], dir);
  t.equal(same, 0, stdout);
  t.match(stdout, 'contract diff HEAD:spec/openapi.yaml → spec/openapi.yaml: 0 breaking');

  writeFileSync(
    join(dir, 'spec', 'openapi.yaml'),
    stringify(applyPatch(baseline, [{ op: 'remove', path: '/paths/~1contacts~1search' }])),
  );
  const removed = await run(['diff', '--base', 'HEAD', '--reporter', 'github'], dir);
  t.equal(removed.code, 1);
  // The removed operation is annotated at the nearest line the head still has.
  t.match(
    removed.stdout,
    /^::error file=spec\/openapi\.yaml,line=\d+,title=breaking change%3A operation-removed::GET \/contacts\/search: removed \(searchContacts\)/,
  );

  writeFileSync(join(dir, 'other.yaml'), baselineText);
  t.equal((await run(['diff', '--base', 'HEAD', '--base-file', 'spec/openapi.yaml', 'other.yaml'], dir)).code, 0);
});

const cannotRun: Array<[string, { argv: string[]; message: RegExp }]> = [
  [
    'no such file',
    {
      argv: ['diff', 'base.yaml', 'missing.yaml'],
      message: /^contactdrive-contract: missing\.yaml: cannot read: ENOENT\n$/,
    },
  ],
  [
    'neither file exists: the base is named',
    {
      argv: ['diff', 'gone.yaml', 'missing.yaml'],
      message: /^contactdrive-contract: gone\.yaml: cannot read: ENOENT\n$/,
    },
  ],
  [
    'not YAML',
    { argv: ['diff', 'base.yaml', 'broken.yaml'], message: /^contactdrive-contract: broken\.yaml: cannot parse: / },
  ],
  [
    'not OpenAPI 3.1',
    {
      argv: ['diff', 'base.yaml', 'old.yaml'],
      message: /^contactdrive-contract: old\.yaml: not an OpenAPI 3\.1 document \(openapi is "3\.0\.3"\)\n$/,
    },
  ],
  [
    'invalid OpenAPI',
    {
      argv: ['diff', 'base.yaml', 'invalid.yaml'],
      message: /^contactdrive-contract: invalid\.yaml: not a valid OpenAPI 3\.1 document: /,
    },
  ],
  ['one document', { argv: ['diff', 'base.yaml'], message: /give two documents/ }],
  [
    'an unknown reporter',
    {
      argv: ['diff', '--reporter', 'html', 'base.yaml', 'head.yaml'],
      message: /--reporter must be one of text, json, junit, github, sarif/,
    },
  ],
  ['an unknown command', { argv: ['merge', 'base.yaml', 'head.yaml'], message: /unknown command "merge"/ }],
  ['an unknown option', { argv: ['diff', '--colour', 'base.yaml', 'head.yaml'], message: /Unknown option '--colour'/ }],
  [
    'a git revision that does not exist',
    {
      argv: ['diff', '--base', 'no-such-ref-for-sure', 'base.yaml'],
      message: /no-such-ref-for-sure:base\.yaml: cannot read it from git: /,
    },
  ],
];

for (const [name, { argv, message }] of cannotRun) {
  t.test(`exit 2, one line, no stack: ${name}`, async (t) => {
    const { dir } = workspace(t);
    writeFileSync(join(dir, 'broken.yaml'), 'openapi: [3.1\n  : :');
    writeFileSync(join(dir, 'old.yaml'), stringify({ ...baseline, openapi: '3.0.3' }));
    writeFileSync(join(dir, 'invalid.yaml'), stringify({ ...baseline, info: { title: 'no version' } }));
    const { code, stdout, stderr } = await run(argv, dir);
    t.equal(code, 2);
    t.equal(stdout, '');
    t.match(stderr, message);
    t.equal(stderr.trimEnd().split('\n').length, 1, stderr);
    t.notMatch(stderr, /\n\s+at /);
  });
}

t.test('--help and --version', async (t) => {
  const help = await run(['diff', '--help'], process.cwd());
  t.equal(help.code, 0);
  t.match(help.stdout, /--base REF/);
  const version = await run(['--version'], process.cwd());
  t.match(version.stdout, /^\d+\.\d+\.\d+\n$/, 'the bare version, as the other bins print it');
});
