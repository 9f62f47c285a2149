import t from 'tap';
import { loadContract } from '../../spec/index.js';
import { fakeResponse, type FakeResponse } from '../../test/helpers/fake-response.js';
import { runChecks, summary } from '../../test/helpers/run-check.js';
import { startHostileTarget } from '../testing/hostile-target.js';
import { authMissingKey } from './auth-missing-key.js';
import { responseChecks } from './index.js';
import { notAServerError } from './not-a-server-error.js';

const contract = await loadContract();
const list = contract.operation('listContacts');

const cases: Array<[string, { given: FakeResponse; want: string | undefined }]> = [
  ['a 200 passes', { given: { status: 200, body: [] }, want: undefined }],
  ['a 422 passes', { given: { status: 422, body: {} }, want: undefined }],
  ['a 500 fails', { given: { status: 500, body: {} }, want: 'not-a-server-error:listContacts:500' }],
  ['a 503 fails', { given: { status: 503, text: 'busy' }, want: 'not-a-server-error:listContacts:503' }],
  [
    'a timeout fails',
    {
      given: { status: 0, error: 'timeout: no complete response within 10 ms' },
      want: 'not-a-server-error:listContacts:timeout',
    },
  ],
  [
    'a reset after the status line fails',
    {
      given: { status: 200, error: 'UND_ERR_SOCKET: other side closed' },
      want: 'not-a-server-error:listContacts:UND_ERR_SOCKET',
    },
  ],
  [
    "a stopped run is not the server's fault",
    { given: { status: 0, error: 'aborted: the run was stopped' }, want: undefined },
  ],
];

for (const [name, { given, want }] of cases) {
  t.test(name, async (t) => {
    const finding = notAServerError.inspect(fakeResponse(given), list, contract);
    t.equal(finding?.key, want);
    if (want) t.equal(finding?.severity, 'error');
  });
}

t.test('the headline says how the response failed', async (t) => {
  const cases: Array<[FakeResponse, RegExp]> = [
    [
      { status: 0, error: 'ECONNREFUSED: connect ECONNREFUSED' },
      /^GET \/api\/v2\/contacts: no HTTP response arrived \(ECONNREFUSED: connect ECONNREFUSED\)$/,
    ],
    [
      { status: 200, text: '{"data":[', headers: { 'content-length': '40' }, error: 'ECONNRESET: read ECONNRESET' },
      /^GET \/api\/v2\/contacts: the 200 response was cut off mid-body after 9 of 40 bytes: ECONNRESET: read ECONNRESET$/,
    ],
    [
      { status: 401, text: '{', error: 'timeout: no complete response within 10 ms' },
      /the 401 response stalled mid-body after 1 bytes: timeout/,
    ],
    [{ status: 503, text: 'busy' }, /^GET \/api\/v2\/contacts answered 503: busy$/],
  ];
  for (const [given, want] of cases)
    t.match(notAServerError.inspect(fakeResponse(given), list, contract)?.message, want);
});

t.test('a response cut off mid-body is one transport finding, not a judgement of the partial body', async (t) => {
  const target = await startHostileTarget({ behaviour: 'cut-body' });
  t.teardown(() => target.close());
  const report = await runChecks(target.url, [authMissingKey], { responseChecks, timeoutMs: 1000 });
  const of = (id: string) => report.findings.filter((f) => f.check === id);
  const transport = of('not-a-server-error');
  t.ok(transport.length > 0, summary(report.findings));
  for (const f of transport)
    t.match(f.message, /: the 200 response was cut off mid-body after 22 of 88 bytes: (ECONNRESET|UND_ERR_SOCKET)/);
  for (const id of [
    'error-envelope',
    'content-type-conformance',
    'response-schema-conformance',
    'status-code-conformance',
  ]) {
    t.same(of(id), [], `${id} does not judge a partial body`);
  }
  const auth = of('auth-missing-key');
  t.ok(auth.length > 0);
  for (const f of auth) {
    t.match(f.message, /expected 401 UNAUTHORIZED, but the 200 response was cut off mid-body after 22 of 88 bytes/);
    t.notMatch(f.message, /no error envelope/);
  }
});

t.test('a raw call is keyed by its method', async (t) => {
  const finding = notAServerError.inspect(fakeResponse({ status: 502, method: 'DELETE' }), undefined, contract);
  t.equal(finding?.key, 'not-a-server-error:raw DELETE:502');
});

// The catalogue faults that name this check fail the whole suite in test/faults/.
