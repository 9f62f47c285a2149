/**
 * The fault catalogue's paging-idempotency group (see GROUPS in test/helpers/faults.ts):
 * each fault fails the whole conformance suite with a finding of every check
 * expected to catch it.
 */
import t from 'tap';
import { entriesOf, FAULT_SEED, proveEntry, runEntry } from '../helpers/faults.js';

for (const entry of entriesOf('paging-idempotency')) {
  t.test(entry.name, async (t) => {
    for (const [ok, message] of await proveEntry(entry)) t.ok(ok, message);
  });
}

// The proofs above run a fault's expected checks alone. In a whole run the shared checks overlap, and a
// check whose requests must be in flight together would lose them to its neighbours (it runs alone).
t.test('in a whole run, with the checks overlapping, concurrent duplicates are still caught', async (t) => {
  const entry = entriesOf('paging-idempotency').find((e) => e.name === 'idempotency-concurrent-duplicates-execute');
  if (!entry) return t.fail('the catalogue lacks idempotency-concurrent-duplicates-execute');
  const run = await runEntry(entry, FAULT_SEED);
  t.same(run.missed, [], `caught by ${run.caughtBy.join(', ') || 'nothing'}`);
});
