/**
 * The fault catalogue's sequence group (see GROUPS in test/helpers/faults.ts):
 * each fault that only a sequence of requests or colliding data reveals fails
 * the suite with a finding of every check expected to catch it.
 */
import t from 'tap';
import { entriesOf, proveEntry } from '../helpers/faults.js';

for (const entry of entriesOf('sequence')) {
  t.test(entry.name, async (t) => {
    for (const [ok, message] of await proveEntry(entry)) t.ok(ok, message);
  });
}
