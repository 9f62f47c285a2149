/**
 * The house Spectral ruleset (spec/.spectral.yaml): each house rule fires on its broken fixture
 * (fixtures/lint/<rule>.yaml) and no other house rule does, and the real spec has no findings at
 * all. One Spectral process lints every document, so the ruleset is bundled once.
 */
import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RULESET = join(ROOT, 'spec/.spectral.yaml');
const SPEC = join(ROOT, 'spec/openapi.yaml');
const FIXTURES = join(ROOT, 'fixtures/lint');
const HOUSE_PREFIX = 'cd-';

interface Finding {
  code: string;
  message: string;
  path: Array<string | number>;
  severity: number;
  source: string;
}

const require = createRequire(import.meta.url);
const cliPackage = require.resolve('@stoplight/spectral-cli/package.json');
const CLI = join(cliPackage, '..', (require(cliPackage) as { bin: { spectral: string } }).bin.spectral);

async function lint(files: string[]): Promise<Finding[]> {
  const args = [CLI, 'lint', ...files, '--ruleset', RULESET, '--format', 'json', '--quiet'];
  // Spectral exits 1 when it finds anything; the findings are on stdout either way.
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: ROOT, maxBuffer: 16 << 20 }).catch(
    (error: { stdout?: string; stderr?: string }) => {
      if (!error.stdout) throw new Error(`spectral failed: ${error.stderr ?? String(error)}`);
      return { stdout: error.stdout };
    },
  );
  return JSON.parse(stdout) as Finding[];
}

const ruleset = parse(await readFile(RULESET, 'utf8')) as { rules: Record<string, unknown> };
const houseRules = Object.keys(ruleset.rules)
  .filter((id) => id.startsWith(HOUSE_PREFIX))
  .sort();
const fixtures = (await readdir(FIXTURES)).filter((f) => f.endsWith('.yaml')).sort();
const findings = await lint([SPEC, ...fixtures.map((f) => join(FIXTURES, f))]);
const findingsOf = (file: string) => findings.filter((f) => f.source === file);

t.test('every house rule has a fixture and every fixture names a house rule', async (t) => {
  t.ok(houseRules.length >= 10, `house rules found: ${houseRules.join(', ')}`);
  t.same(
    fixtures.map((f) => basename(f, '.yaml')),
    houseRules,
  );
});

t.test('the real spec has no findings at any severity', async (t) => {
  t.same(
    findingsOf(SPEC).map((f) => `${f.code} ${f.path.join('.')}: ${f.message}`),
    [],
  );
});

for (const rule of houseRules) {
  t.test(`${rule} fires on fixtures/lint/${rule}.yaml, and no other house rule does`, async (t) => {
    const found = findingsOf(join(FIXTURES, `${rule}.yaml`));
    const house = [...new Set(found.filter((f) => f.code.startsWith(HOUSE_PREFIX)).map((f) => f.code))];
    t.same(house, [rule]);
    t.ok(
      found.filter((f) => f.code === rule).every((f) => f.severity === 0),
      'reported as an error',
    );
  });
}
