import t from 'tap';
import { loadContract } from '../../spec/index.js';
import { fakeResponse, type FakeResponse } from '../../test/helpers/fake-response.js';
import { statusCodeConformance } from './status-code-conformance.js';

const contract = await loadContract();
const base = 'http://127.0.0.1:1/api/v2';

const cases: Array<[string, { operation?: string; given: FakeResponse; want: string | undefined }]> = [
  ['a declared 200 passes', { operation: 'listContacts', given: { status: 200 }, want: undefined }],
  ['a declared 422 passes', { operation: 'listContacts', given: { status: 422 }, want: undefined }],
  [
    'a 400 is undeclared',
    { operation: 'listContacts', given: { status: 400 }, want: 'status-code-conformance:listContacts:400' },
  ],
  [
    'a 404 on the list is undeclared',
    { operation: 'listContacts', given: { status: 404 }, want: 'status-code-conformance:listContacts:404' },
  ],
  [
    'a 401 on the open document is undeclared',
    { operation: 'getOpenApiDocument', given: { status: 401 }, want: 'status-code-conformance:getOpenApiDocument:401' },
  ],
  [
    'a transport failure is left to not-a-server-error',
    { operation: 'listContacts', given: { status: 0, error: 'timeout: x' }, want: undefined },
  ],
  ['an unknown route answering 404 passes', { given: { status: 404, url: `${base}/webhooks` }, want: undefined }],
  [
    'an unknown route answering 200 fails',
    { given: { status: 200, url: `${base}/webhooks` }, want: 'status-code-conformance:raw not-found:200' },
  ],
  [
    'an unknown method answering 405 passes',
    { given: { status: 405, method: 'DELETE', url: `${base}/contacts/cd_1` }, want: undefined },
  ],
  [
    'an unknown method answering 404 fails',
    {
      given: { status: 404, method: 'DELETE', url: `${base}/contacts/cd_1` },
      want: 'status-code-conformance:raw method-not-allowed:404',
    },
  ],
  [
    'a raw call to a known operation is judged by it',
    { given: { status: 201, url: `${base}/whoami` }, want: 'status-code-conformance:getWhoami:201' },
  ],
  [
    'a raw call outside the base path is not judged',
    { given: { status: 200, url: 'http://127.0.0.1:1/elsewhere' }, want: undefined },
  ],
];

for (const [name, { operation, given, want }] of cases) {
  t.test(name, async (t) => {
    const op = operation ? contract.operation(operation) : undefined;
    t.equal(statusCodeConformance.inspect(fakeResponse(given), op, contract)?.key, want);
  });
}

// The catalogue faults that name this check fail the whole suite in test/faults/.
