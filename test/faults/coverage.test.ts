/**
 * Every conformance check is proven twice: it passes on the reference server
 * (the conformance tests), and it fails on a server with the matching bug, so
 * every check id must be an expected check of some fault in the catalogue.
 * Every entry also belongs to exactly one group of `test/faults/`, so each runs in CI,
 * once: that run is the proof of every (fault, expected check) pair.
 */
import { existsSync } from 'node:fs';
import t from 'tap';
import { checks, responseChecks } from '../../conformance/index.js';
import { FAULTS } from '../../reference-server/index.js';
import { GROUPS } from '../helpers/faults.js';

const ids = [...checks, ...responseChecks].map((c) => c.id);
const faults = FAULTS.filter((f) => f.kind === 'fault');

t.test('every check and response check is the expected check of some fault', async (t) => {
  const expected = new Set(faults.flatMap((f) => f.expectedChecks));
  t.same(
    ids.filter((id) => !expected.has(id)),
    [],
    'checks no fault proves',
  );
});

t.test('every expected check is a check of the suite', async (t) => {
  for (const fault of faults)
    t.same(
      fault.expectedChecks.filter((id) => !ids.includes(id)),
      [],
      fault.name,
    );
});

t.test('every entry runs in exactly one test file', async (t) => {
  for (const entry of FAULTS) {
    const groups = Object.entries(GROUPS)
      .filter(([, select]) => select(entry))
      .map(([name]) => name);
    t.equal(groups.length, 1, `${entry.name} is in ${groups.join(', ') || 'no group'}`);
  }
  for (const group of [...Object.keys(GROUPS), 'benign-together'])
    t.ok(existsSync(new URL(`./${group}.test.ts`, import.meta.url)), `${group}.test.ts exists`);
});
