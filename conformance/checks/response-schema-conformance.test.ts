import t from 'tap';
import { loadContract } from '../../spec/index.js';
import { fakeResponse, type FakeResponse } from '../../test/helpers/fake-response.js';
import { responseSchemaConformance } from './response-schema-conformance.js';

const contract = await loadContract();
const contact = {
  cdId: 'cd_1',
  firstName: 'Jane',
  fullname: 'Jane',
  tags: [],
  externalIds: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const whoami = {
  userId: 'u',
  firstName: 'J',
  lastName: 'D',
  emailAddress: 'j@example.com',
  workspaceId: 'w',
  workspaceName: 'W',
};
const warning = '299 - "The apiKey query parameter is deprecated."';

type Want = { severity: 'error' | 'info'; key: string } | undefined;
const cases: Array<[string, { operation: string; given: FakeResponse; want: Want }]> = [
  ['a valid list passes', { operation: 'listContacts', given: { status: 200, body: [contact] }, want: undefined }],
  [
    'custom fields on a contact are not reported',
    { operation: 'listContacts', given: { status: 200, body: [{ ...contact, donor_level: 'gold' }] }, want: undefined },
  ],
  [
    'a contact without cdId fails',
    {
      operation: 'listContacts',
      given: { status: 200, body: [{ ...contact, cdId: undefined }] },
      want: { severity: 'error', key: 'response-schema-conformance:listContacts:200' },
    },
  ],
  [
    'an envelope instead of an array fails',
    {
      operation: 'listContacts',
      given: { status: 200, body: { data: [contact] } },
      want: { severity: 'error', key: 'response-schema-conformance:listContacts:200' },
    },
  ],
  [
    'a bad email fails',
    {
      operation: 'getWhoami',
      given: { status: 200, body: { ...whoami, emailAddress: 'nope' } },
      want: { severity: 'error', key: 'response-schema-conformance:getWhoami:200' },
    },
  ],
  [
    'an extra top-level field is info only',
    {
      operation: 'getWhoami',
      given: { status: 200, body: { ...whoami, plan: 'pro' } },
      want: { severity: 'info', key: 'response-schema-conformance:getWhoami:200:undeclared:plan' },
    },
  ],
  [
    'an extra nested field is info only',
    {
      operation: 'createContact',
      given: { status: 201, body: { data: { contactId: 'cd_1', workspaceId: 'w', created: true, etag: 'x' } } },
      want: { severity: 'info', key: 'response-schema-conformance:createContact:201:undeclared:data.etag' },
    },
  ],
  [
    'a 422 without field fails',
    {
      operation: 'listContacts',
      given: { status: 422, body: { error: { code: 'VALIDATION_ERROR', message: 'm' } } },
      want: { severity: 'error', key: 'response-schema-conformance:listContacts:422' },
    },
  ],
  [
    'Deprecation: true passes',
    {
      operation: 'getWhoami',
      given: { status: 200, body: whoami, headers: { deprecation: 'true', warning } },
      want: undefined,
    },
  ],
  [
    'an RFC 9745 Deprecation date passes',
    {
      operation: 'getWhoami',
      given: { status: 200, body: whoami, headers: { deprecation: '@1688169599', warning } },
      want: undefined,
    },
  ],
  [
    'Deprecation: yes fails',
    {
      operation: 'getWhoami',
      given: { status: 200, body: whoami, headers: { deprecation: 'yes' } },
      want: { severity: 'error', key: 'response-schema-conformance:getWhoami:200:header:Deprecation' },
    },
  ],
  [
    'a Warning without the 299 code fails',
    {
      operation: 'getWhoami',
      given: { status: 200, body: whoami, headers: { warning: 'deprecated' } },
      want: { severity: 'error', key: 'response-schema-conformance:getWhoami:200:header:Warning' },
    },
  ],
  [
    'Idempotent-Replayed: 1 fails',
    {
      operation: 'createContact',
      given: {
        status: 201,
        body: { data: { contactId: 'c', workspaceId: 'w', created: true } },
        headers: { 'idempotent-replayed': '1' },
      },
      want: { severity: 'error', key: 'response-schema-conformance:createContact:201:header:Idempotent-Replayed' },
    },
  ],
  [
    'an undeclared status is left to status-code-conformance',
    { operation: 'listContacts', given: { status: 418, body: 'teapot' }, want: undefined },
  ],
];

for (const [name, { operation, given, want }] of cases) {
  t.test(name, async (t) => {
    const finding = responseSchemaConformance.inspect(fakeResponse(given), contract.operation(operation), contract);
    t.same(finding && { severity: finding.severity, key: finding.key }, want, finding?.message ?? name);
  });
}

t.test('custom fields on a dry run preview are not reported', async (t) => {
  const body = {
    data: {
      dryRun: true,
      action: 'create',
      wouldWrite: { firstName: 'J', fullname: 'J', tags: [], externalIds: {}, donor_level: 'gold' },
    },
  };
  const finding = responseSchemaConformance.inspect(
    fakeResponse({ status: 200, body }),
    contract.operation('createContact'),
    contract,
  );
  t.equal(finding, undefined, finding?.message ?? 'no finding');
});

// The catalogue faults that name this check fail the whole suite in test/faults/.
