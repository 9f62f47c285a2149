import t from 'tap';
import { runChecks, findingsOf, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { modelBased } from './model-based.js';

for (const seed of [1, 2, 3]) {
  t.test(`passes on the reference server at seed ${seed}`, async (t) => {
    const ref = await startReference(t);
    const report = await ref.run([modelBased], { runs: 100, seed });
    t.same(summary(report.findings), '(no findings)');
    t.ok(report.results[0]!.requests > 200, `sent ${report.results[0]!.requests} requests`);
  });
}

t.test('without a second key the sequences stay in one workspace and pass', async (t) => {
  const ref = await startReference(t);
  const report = await runChecks(ref.url, [modelBased], { apiKey: ref.apiKey, runs: 10, seed: 4 });
  t.equal(report.results[0]!.status, 'passed', summary(report.findings));
});

const faults: Array<[string, string]> = [
  ['tags-contains-substring', 'model-based:query-tags-contains'],
  ['dry-run-upsert-creates', 'model-based:read-back-unexpected'],
];
for (const [fault, key] of faults) {
  t.test(`fails on fault ${fault}, naming the step and printing a script`, async (t) => {
    const ref = await startReference(t, { faults: [fault] });
    const found = findingsOf(await ref.run([modelBased], { runs: 5, seed: 1, responseChecks: [] }), 'model-based');
    t.equal(found.length, 1, summary(found));
    const finding = found[0]!;
    t.equal(finding.key, key);
    t.match(finding.message, /^after the .+ in step \d+/, 'the message names the step whose state is read');
    t.match(
      finding.message,
      /\nexpected: .+\nactual: {3}.+\nscript of the \d+ steps?/,
      'expected and actual, then the script',
    );
    t.match(
      finding.message,
      /# step 1: .+\ncurl .+"\$CONTACTDRIVE_API_KEY(_2)?"/,
      'curl lines with the key as a variable',
    );
    t.notMatch(finding.message, new RegExp(ref.apiKey), 'no key in the message');
    t.ok(finding.path, 'the fast-check path to replay it');
  });
}
