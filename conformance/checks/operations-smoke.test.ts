import t from 'tap';
import { loadContract } from '../../spec/index.js';
import type { ResponseCheck } from '../types.js';
import { findingsOf, runChecks, summary } from '../../test/helpers/run-check.js';
import { startFakeTarget } from '../testing/fake-target.js';
import { startReference } from '../../test/helpers/reference.js';
import { responseChecks } from './index.js';
import { operationsSmoke } from './operations-smoke.js';

const contract = await loadContract();

t.test('passes on the reference server and shows every operation to the response checks', async (t) => {
  const ref = await startReference(t);
  const seen = new Set<string>();
  const recorder: ResponseCheck = {
    id: 'recorder',
    description: 'records the operations it sees',
    area: 'responses',
    inspect(response, operation) {
      if (operation && response.status >= 200 && response.status < 300) seen.add(operation.id);
      return undefined;
    },
  };
  const report = await ref.run([operationsSmoke], { runs: 20, responseChecks: [...responseChecks, recorder] });
  t.same(summary(report.findings.filter((f) => f.severity !== 'info')), '(no findings)');
  t.same([...seen].sort(), contract.operations.map((op) => op.id).sort(), 'every operation answered 2xx at least once');
});

t.test('passes read-only: it writes nothing', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([operationsSmoke], { runs: 10, readOnly: true });
  t.equal(report.results.find((r) => r.check === 'operations-smoke')!.status, 'passed', summary(report.findings));
});

t.test('fails on a target that lacks most operations', async (t) => {
  const target = await startFakeTarget();
  t.teardown(() => target.close());
  const report = await runChecks(target.url, [operationsSmoke], { responseChecks: [] });
  const findings = findingsOf(report, 'operations-smoke');
  const keys = findings.map((f) => f.key);
  for (const key of [
    'operations-smoke:searchContacts:404',
    'operations-smoke:queryContacts:404',
    'operations-smoke:queryContacts:never-succeeded',
  ]) {
    t.ok(keys.includes(key), `${key}\n${summary(findings)}`);
  }
  t.notOk(
    keys.some((k) => k.startsWith('operations-smoke:getWhoami')),
    'the operations it has pass',
  );
  // Its list is empty, so no id could name a contact: a 404 from PUT is then right, and noted.
  t.notOk(
    keys.includes('operations-smoke:updateContact:never-succeeded'),
    'an empty workspace is not blamed for 404s on ids',
  );
  t.match(report.results[0]!.notes, [
    /updateContact: the workspace lists no contact, so only its refusals were judged/,
  ]);
});
