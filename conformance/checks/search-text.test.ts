import t from 'tap';
import { findingsOf, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { searchText } from './search-text.js';

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([searchText], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
  t.equal(report.results[0]!.requests, 15, 'one create and fourteen searches');
});

t.test('fails when q is ignored (fault search-ignores-q)', async (t) => {
  const ref = await startReference(t, { faults: ['search-ignores-q'] });
  const keys = findingsOf(await ref.run([searchText], { runs: 5, responseChecks: [] }), 'search-text').map(
    (f) => f.key,
  );
  t.ok(keys.includes('search-text:a word no contact has'), keys.join('\n'));
  t.ok(keys.includes('search-text:the inside of a word'), keys.join('\n'));
});
