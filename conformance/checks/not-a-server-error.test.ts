import t from 'tap';
import { loadContract } from '../../spec/index.js';
import { fakeResponse, type FakeResponse } from '../../test/helpers/fake-response.js';
import { notAServerError } from './not-a-server-error.js';

const contract = await loadContract();
const list = contract.operation('listContacts');

const cases: Array<[string, { given: FakeResponse; want: string | undefined }]> = [
  ['a 200 passes', { given: { status: 200, body: [] }, want: undefined }],
  ['a 422 passes', { given: { status: 422, body: {} }, want: undefined }],
  ['a 500 fails', { given: { status: 500, body: {} }, want: 'not-a-server-error:listContacts:500' }],
  ['a 503 fails', { given: { status: 503, text: 'busy' }, want: 'not-a-server-error:listContacts:503' }],
  ['a timeout fails', { given: { status: 0, error: 'timeout: no complete response within 10 ms' }, want: 'not-a-server-error:listContacts:timeout' }],
  ['a reset after the status line fails', { given: { status: 200, error: 'UND_ERR_SOCKET: other side closed' }, want: 'not-a-server-error:listContacts:UND_ERR_SOCKET' }],
  ['a stopped run is not the server\'s fault', { given: { status: 0, error: 'aborted: the run was stopped' }, want: undefined }],
];

for (const [name, { given, want }] of cases) {
  t.test(name, async (t) => {
    const finding = notAServerError.inspect(fakeResponse(given), list, contract);
    t.equal(finding?.key, want);
    if (want) t.equal(finding?.severity, 'error');
  });
}

t.test('a raw call is keyed by its method', async (t) => {
  const finding = notAServerError.inspect(fakeResponse({ status: 502, method: 'DELETE' }), undefined, contract);
  t.equal(finding?.key, 'not-a-server-error:raw DELETE:502');
});


// The catalogue faults that name this check fail the whole suite in test/faults/.
