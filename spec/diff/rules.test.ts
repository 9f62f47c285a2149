import { readFileSync } from 'node:fs';
import t from 'tap';
import { packagePath } from '../package-root.js';
import { RULES } from './rules.js';

const decisions = readFileSync(packagePath('spec', 'DECISIONS.md'), 'utf8');
const start = decisions.indexOf('\n## D17.');
const rest = decisions.slice(start + 1);
const next = rest.slice(1).search(/\n## /);
const d17 = next < 0 ? rest : rest.slice(0, next + 1);

t.ok(start >= 0, 'DECISIONS.md has a D17 section');

t.test('every rule is written down in D17 with its kind', async (t) => {
  for (const [id, rule] of Object.entries(RULES)) {
    // A row of the fixed table (`| id | kind |`) or a cell of the schema table (`id (kind)`).
    const listed = d17.includes(`| \`${id}\` | ${rule.kind} |`) || d17.includes(`\`${id}\` (${rule.kind})`);
    t.ok(listed, `${id} is in D17's tables as ${rule.kind}`);
    t.ok(rule.reason.length > 10, `${id} has a reason`);
  }
});

t.test('D17 names no rule the classifier does not have', async (t) => {
  const named = [...d17.matchAll(/^\| `([a-z-]+)` \| (breaking|additive|deprecation) \|/gm)].map((m) => m[1]!);
  t.ok(named.length > 20);
  for (const id of named) t.ok(id in RULES, `${id} is a rule`);
});
