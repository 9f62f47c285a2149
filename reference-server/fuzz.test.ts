/**
 * Property-based fuzzing over loopback: whatever the body, query string or
 * headers, the server never answers 5xx, every error is the envelope, and
 * every response has a status (and body) the spec declares for the operation.
 */
import fc from 'fast-check';
import t from 'tap';
import { conformsTo, createContact, HOME, type Reply, startServer } from './testing/harness.js';

const RUNS = 200;
const server = await startServer();
t.teardown(server.close);
const contract = server.server.parts.contract;
const target = await createContact(server, { firstName: 'Fuzz', externalIds: { crm: 'F-1' } });

function check(operationId: string, reply: Reply): void {
  if (reply.status >= 500) throw new Error(`${operationId}: ${reply.status} ${reply.text.slice(0, 300)}`);
  const problem = conformsTo(server.server, operationId, reply);
  if (problem) throw new Error(problem);
  if (reply.status >= 400) {
    const { code } = reply.json?.error ?? {};
    if (contract.errorStatus[code] !== reply.status) throw new Error(`${reply.status} with code ${code}`);
  }
}

const contactKeys = [
  'firstName',
  'middleName',
  'lastName',
  'email',
  'primaryPhone',
  'organization',
  'jobTitle',
  'tags',
  'notes',
  'externalIds',
  'customFields',
  'workspaceId',
  '_id',
  'cdId',
  'createdAt',
  '__proto__',
  'constructor',
  'unknown',
];
const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', 'a@b.co', '+1 555'),
);
const value = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 4 }),
  fc.dictionary(
    fc.constantFrom('crm', 'donor_level', 'volunteer', 'lifetime_giving', 'Bad Key', '__proto__'),
    fc.oneof(text, fc.integer(), fc.boolean()),
  ),
  fc.jsonValue({ maxDepth: 3 }),
);
const contact = fc.dictionary(fc.constantFrom(...contactKeys), value, { maxKeys: 6 });
const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.boolean(),
  fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-01t00:00:00.1234+05:30'),
);
const condition = fc.record(
  {
    field: fc.constantFrom(
      'cdId',
      'firstName',
      'email',
      'tags',
      'createdAt',
      'updatedAt',
      'externalIds.crm',
      'customFields.donor_level',
      'customFields.lifetime_giving',
      'customFields.nope',
      'bogus',
    ),
    op: fc.constantFrom('eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin', 'contains', 'startsWith', 'exists', 'like'),
    value: fc.oneof(scalar, fc.array(scalar, { minLength: 1, maxLength: 3 }), value),
  },
  { requiredKeys: [] },
);
const query = fc.record(
  {
    conditions: fc.array(condition, { maxLength: 4 }),
    countOnly: fc.boolean(),
    limit: fc.oneof(fc.integer({ min: -1, max: 102 }), text),
    offset: fc.integer({ min: -1, max: 50 }),
  },
  { requiredKeys: [] },
);

t.test('bodies', async (t) => {
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.jsonValue({ maxDepth: 4 }),
        fc.record({ contact }),
        fc.record({ contact: fc.record({ firstName: text, lastName: text }, { requiredKeys: [] }) }),
        query,
      ),
      fc.constantFrom('createContact', 'updateContact', 'queryContacts'),
      fc.constantFrom('', '?dryRun=true', '?upsertByExternalId=true', '?dryRun=maybe'),
      async (body, operationId, suffix) => {
        const path =
          operationId === 'createContact'
            ? '/contacts'
            : operationId === 'updateContact'
              ? `/contacts/${target}`
              : '/contacts/query';
        const method = operationId === 'updateContact' ? 'PUT' : 'POST';
        const raw = JSON.stringify(body) ?? '';
        check(
          operationId,
          await server.call(method, `${path}${operationId === 'queryContacts' ? '' : suffix}`, {
            raw,
            headers: { 'content-type': 'application/json' },
          }),
        );
      },
    ),
    { numRuns: RUNS },
  );
  t.pass('no 5xx, always declared, always the envelope');
});

t.test('query strings', async (t) => {
  const names = fc.constantFrom('limit', 'offset', 'q', 'externalId', 'externalSystem', 'dryRun', 'apiKey', 'x');
  const values = fc.oneof(
    text,
    fc.integer().map(String),
    fc.constantFrom('true', 'false', '1e3', '-0', '99999999999999999999', HOME.apiKey),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(names, values), { maxLength: 5 }),
      fc.constantFrom('listContacts', 'searchContacts', 'getWhoami'),
      async (pairs, operationId) => {
        const path = { listContacts: '/contacts', searchContacts: '/contacts/search', getWhoami: '/whoami' }[
          operationId
        ];
        check(operationId, await server.call('GET', `${path}?${new URLSearchParams(pairs)}`));
      },
    ),
    { numRuns: RUNS },
  );
  t.pass('no 5xx, always declared, always the envelope');
});

t.test('headers', async (t) => {
  const headerText = fc.string({ unit: fc.constantFrom(...'ab Z09-_=:;,/+*"\'\t~'.split('')), maxLength: 40 });
  await fc.assert(
    fc.asyncProperty(
      fc.option(
        fc.oneof(headerText, fc.constantFrom(`Bearer ${HOME.apiKey}`, `bearer  ${HOME.apiKey}`, 'Bearer', 'Basic x')),
        { nil: undefined },
      ),
      fc.option(
        fc.oneof(
          headerText,
          fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x+json'),
        ),
        { nil: undefined },
      ),
      fc.option(fc.oneof(headerText, fc.uuid()), { nil: undefined }),
      async (authorization, contentType, idempotencyKey) => {
        const headers: Record<string, string> = {};
        if (authorization !== undefined) headers.authorization = authorization;
        if (contentType !== undefined) headers['content-type'] = contentType;
        if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
        const reply = await server.call('POST', '/contacts?dryRun=true', {
          raw: '{"contact":{"firstName":"H"}}',
          headers,
          key: null,
        });
        check('createContact', reply);
      },
    ),
    { numRuns: RUNS },
  );
  t.pass('no 5xx, always declared, always the envelope');
});
