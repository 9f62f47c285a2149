import t from 'tap';
import { loadContract } from '../../spec/index.js';
import { fakeResponse, type FakeResponse } from '../../test/helpers/fake-response.js';
import { runChecks, summary } from '../../test/helpers/run-check.js';
import { startHostileTarget } from '../testing/hostile-target.js';
import { authMissingKey } from './auth-missing-key.js';
import { contentTypeConformance } from './content-type-conformance.js';
import { responseChecks } from './index.js';

const contract = await loadContract();
const list = contract.operation('listContacts');
const json = (type: string): FakeResponse => ({ status: 200, body: [], headers: { 'content-type': type } });

const cases: Array<[string, { given: FakeResponse; fails: boolean }]> = [
  ['application/json passes', { given: json('application/json'), fails: false }],
  ['a charset parameter passes', { given: json('application/json; charset=utf-8'), fails: false }],
  ['upper case passes', { given: json('Application/JSON'), fails: false }],
  ['a +json type passes', { given: json('application/problem+json'), fails: false }],
  ['text/html fails', { given: json('text/html; charset=utf-8'), fails: true }],
  ['text/plain fails', { given: json('text/plain'), fails: true }],
  ['application/jsonp fails', { given: json('application/jsonp'), fails: true }],
  ['a missing content type fails', { given: { status: 200, body: [], headers: { 'content-type': '' } }, fails: true }],
  ['an empty body fails', { given: { status: 200, text: '' }, fails: true }],
  ['a body that is not JSON fails', { given: { status: 500, text: '<html>oops</html>' }, fails: true }],
  ['a 204 is not judged', { given: { status: 204, text: '', headers: { 'content-type': '' } }, fails: false }],
  ['a transport failure is not judged', { given: { status: 0, text: '', error: 'timeout: x' }, fails: false }],
  [
    'a gzip body nobody asked for fails',
    { given: { status: 401, text: '\u001f\u008b\u0008', headers: { 'content-encoding': 'gzip' } }, fails: true },
  ],
  [
    'an identity coding passes',
    { given: { status: 200, body: [], headers: { 'content-encoding': 'identity' } }, fails: false },
  ],
];

for (const [name, { given, fails }] of cases) {
  t.test(name, async (t) => {
    const finding = contentTypeConformance.inspect(fakeResponse(given), list, contract);
    t.equal(finding !== undefined, fails, finding?.message ?? name);
    if (fails) t.equal(finding?.key, `content-type-conformance:listContacts:${given.status}`);
  });
}

t.test('an unasked-for content coding is named', async (t) => {
  const finding = contentTypeConformance.inspect(
    fakeResponse({ status: 401, text: '\u001f\u008b\u0008', headers: { 'content-encoding': 'gzip' } }),
    list,
    contract,
  );
  t.equal(
    finding?.message,
    'The 401 response is gzip-encoded though the request did not ask for it (no Accept-Encoding); every response must be JSON',
  );
  const asked = fakeResponse({ status: 200, text: '\u001f\u008b\u0008', headers: { 'content-encoding': 'gzip' } });
  asked.request.headers['accept-encoding'] = 'gzip';
  t.match(
    contentTypeConformance.inspect(asked, list, contract)?.message,
    /not valid JSON/,
    'an asked-for coding the suite cannot read is still no JSON',
  );
});

t.test('a target that gzips every answer unasked: named once per response, not as a missing envelope', async (t) => {
  const target = await startHostileTarget({ behaviour: 'gzip' });
  t.teardown(() => target.close());
  const report = await runChecks(target.url, [authMissingKey], { responseChecks, timeoutMs: 2000 });
  const of = (id: string) => report.findings.filter((f) => f.check === id);
  const named = of('content-type-conformance');
  t.ok(named.length > 0, summary(report.findings));
  for (const f of named)
    t.match(
      f.message,
      /^The 401 response is gzip-encoded though the request did not ask for it \(no Accept-Encoding\)/,
    );
  t.same(of('error-envelope'), [], 'error-envelope leaves an unreadable body alone');
  const auth = of('auth-missing-key');
  t.ok(auth.length > 0);
  for (const f of auth) {
    t.match(
      f.message,
      /expected 401 UNAUTHORIZED, but the 401 response is gzip-encoded though the request did not ask for it/,
    );
    t.notMatch(f.message, /no error envelope/);
  }
});

// The catalogue faults that name this check fail the whole suite in test/faults/.
