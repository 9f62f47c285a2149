import t from 'tap';
import { sampleReport } from '../testing/sample-report.js';
import { formatJson } from './json.js';

t.test('JSON is the whole report', async (t) => {
  const parsed = JSON.parse(formatJson(sampleReport));
  t.same(parsed, sampleReport);
  t.same(Object.keys(parsed).sort(), ['conformant', 'durationMs', 'findings', 'results', 'runId', 'seed', 'startedAt', 'target', 'verdict']);
  for (const result of parsed.results) {
    t.match(result, { check: String, status: /^(passed|failed|skipped|errored)$/, findings: Array, notes: Array, requests: Number, durationMs: Number });
  }
});
