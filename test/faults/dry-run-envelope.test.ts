/**
 * The fault catalogue's dry-run-envelope group (see GROUPS in test/helpers/faults.ts):
 * each fault fails the whole conformance suite with a finding of every check
 * expected to catch it.
 */
import t from 'tap';
import { entriesOf, proveEntry } from '../helpers/faults.js';

for (const entry of entriesOf('dry-run-envelope')) {
  t.test(entry.name, async (t) => {
    for (const [ok, message] of await proveEntry(entry)) t.ok(ok, message);
  });
}
