import t from 'tap';
import { loadContract } from '../../spec/index.js';
import { fakeResponse, type FakeResponse } from '../../test/helpers/fake-response.js';
import { errorEnvelope } from './error-envelope.js';

const contract = await loadContract();
const list = contract.operation('listContacts');
const envelope = (code: string, field?: string) => ({
  error: { code, message: 'Something.', ...(field ? { field } : {}) },
});

const cases: Array<[string, { given: FakeResponse; fails: boolean }]> = [
  ['a 401 envelope passes', { given: { status: 401, body: envelope('UNAUTHORIZED') }, fails: false }],
  [
    'a 422 envelope with field passes',
    { given: { status: 422, body: envelope('VALIDATION_ERROR', 'limit') }, fails: false },
  ],
  ['a 200 is not judged', { given: { status: 200, body: { whatever: 1 } }, fails: false }],
  ['a 422 without field fails', { given: { status: 422, body: envelope('VALIDATION_ERROR') }, fails: true }],
  [
    'a code of another status fails',
    { given: { status: 400, body: envelope('VALIDATION_ERROR', 'limit') }, fails: true },
  ],
  ['a 404 with a 401 code fails', { given: { status: 404, body: envelope('UNAUTHORIZED') }, fails: true }],
  ['an unknown code fails', { given: { status: 401, body: envelope('FORBIDDEN') }, fails: true }],
  ['a bare message fails', { given: { status: 401, body: { message: 'Unauthorized' } }, fails: true }],
  ['a string error fails', { given: { status: 500, body: { error: 'boom' } }, fails: true }],
  [
    'an empty message fails',
    { given: { status: 401, body: { error: { code: 'UNAUTHORIZED', message: '' } } }, fails: true },
  ],
  [
    'an HTML error page fails',
    { given: { status: 404, text: '<h1>Not Found</h1>', headers: { 'content-type': 'text/html' } }, fails: true },
  ],
  ['an empty 405 fails', { given: { status: 405, text: '' }, fails: true }],
  [
    'a 401 cut off mid-body is not judged',
    { given: { status: 401, text: '{"error":', error: 'ECONNRESET: read ECONNRESET' }, fails: false },
  ],
  [
    'a 401 that stalled mid-body is not judged',
    { given: { status: 401, text: '{', error: 'timeout: no complete response within 10 ms' }, fails: false },
  ],
  [
    'a gzip 401 nobody asked for is not judged',
    { given: { status: 401, text: '\u001f\u008b\u0008', headers: { 'content-encoding': 'gzip' } }, fails: false },
  ],
  [
    'an identity-coded bad 401 fails',
    { given: { status: 401, body: { message: 'no' }, headers: { 'content-encoding': 'identity' } }, fails: true },
  ],
];

for (const [name, { given, fails }] of cases) {
  t.test(name, async (t) => {
    const finding = errorEnvelope.inspect(fakeResponse(given), list, contract);
    t.equal(finding !== undefined, fails, finding?.message ?? name);
    if (fails) t.match(finding?.key, new RegExp(`^error-envelope:listContacts:${given.status}:(envelope|code|field)$`));
  });
}

t.test('a raw call is judged too', async (t) => {
  const finding = errorEnvelope.inspect(
    fakeResponse({ status: 404, text: 'Cannot GET /api/v2/webhooks' }),
    undefined,
    contract,
  );
  t.equal(finding?.key, 'error-envelope:raw GET:404:envelope');
});

t.test('a HEAD response has no body to judge', async (t) => {
  const finding = errorEnvelope.inspect(fakeResponse({ status: 405, text: '', method: 'HEAD' }), undefined, contract);
  t.equal(finding, undefined);
});

// The catalogue faults that name this check fail the whole suite in test/faults/.

t.test('different problems of one status are different findings', async (t) => {
  const noField = errorEnvelope.inspect(
    fakeResponse({ status: 422, body: envelope('VALIDATION_ERROR') }),
    list,
    contract,
  );
  const wrongCode = errorEnvelope.inspect(
    fakeResponse({ status: 422, body: envelope('NOT_FOUND', 'limit') }),
    list,
    contract,
  );
  t.not(noField?.key, wrongCode?.key);
});
