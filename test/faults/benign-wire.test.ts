/**
 * The fault catalogue's benign-wire group (see GROUPS in test/helpers/faults.ts):
 * each benign variation, alone, passes the whole conformance suite (the
 * other seeds run in benign-together.test.ts).
 */
import t from 'tap';
import { entriesOf, proveEntry } from '../helpers/faults.js';

for (const entry of entriesOf('benign-wire')) {
  t.test(entry.name, async (t) => {
    for (const [ok, message] of await proveEntry(entry)) t.ok(ok, message);
  });
}
