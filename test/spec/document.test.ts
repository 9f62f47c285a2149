/**
 * spec/openapi.yaml as a document: it is valid OpenAPI 3.1, every schema compiles with Ajv 2020 in
 * strict mode, every example matches its schema, it has every operation and error code the seed
 * documents, and spec/field.ts names the offending input the way the seed's envelope does.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import t from 'tap';
import {
  DEFAULT_SPEC_PATH,
  createAjv,
  errorSegments,
  formatField,
  loadContract,
  pointerSegments,
  primaryError,
  type JsonSchema,
} from '../../spec/index.js';

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every `x-` key in the document: annotations Ajv's strict mode must be told about. */
function extensionKeys(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) extensionKeys(item, found);
  else if (isNode(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) found.add(key);
      extensionKeys(value, found);
    }
  }
  return found;
}

/**
 * The objects of the (dereferenced) document that hold a schema: every `components.schemas` entry
 * as `{ schema }`, and every parameter, header and media type. Example values are not walked.
 */
function schemaHolders(node: unknown, path: string[] = [], out: Array<{ where: string; holder: Node }> = []) {
  if (Array.isArray(node)) node.forEach((item, i) => schemaHolders(item, [...path, String(i)], out));
  if (!isNode(node)) return out;
  if (path.join('.') === 'components.schemas') {
    for (const [name, schema] of Object.entries(node))
      out.push({ where: `components.schemas.${name}`, holder: { schema } });
    return out;
  }
  if ('schema' in node) out.push({ where: path.join('.'), holder: node });
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'schema' && key !== 'example' && key !== 'examples') schemaHolders(value, [...path, key], out);
  }
  return out;
}

/** A parameter's or header's examples: `example` and the values of `examples`. */
function examplesOf(holder: Node): unknown[] {
  const out: unknown[] = 'example' in holder ? [holder.example] : [];
  for (const example of Object.values(isNode(holder.examples) ? holder.examples : {})) {
    if (isNode(example) && 'value' in example) out.push(example.value);
  }
  return out;
}

const contract = await loadContract();
const dereferenced = (await SwaggerParser.dereference(structuredClone(contract.document) as never)) as unknown as Node;
const holders = schemaHolders(dereferenced);

t.test('swagger-parser validates the document', async (t) => {
  const api = (await SwaggerParser.validate(DEFAULT_SPEC_PATH)) as unknown as Node;
  t.equal(api.openapi, '3.1.0');
});

t.test('every schema compiles with Ajv 2020 in strict mode', async (t) => {
  const ajv = createAjv(extensionKeys(dereferenced));
  const kinds = new Set(
    holders.map(({ where }) => where.split('.').find((part) => /^(schemas|parameters|headers|content)$/.test(part))),
  );
  t.same(
    [...kinds].sort(),
    ['content', 'headers', 'parameters', 'schemas'],
    'covers schemas, parameters, headers and bodies',
  );
  for (const { where, holder } of holders) {
    t.doesNotThrow(() => ajv.compile(holder.schema as JsonSchema), where);
  }
});

t.test('every request and response example matches its schema', async (t) => {
  let count = 0;
  for (const op of contract.operations) {
    for (const example of op.body?.examples ?? []) {
      count++;
      t.ok(op.body!.validate(example), `${op.id} request example`, { errors: op.body!.validate.errors });
    }
    for (const response of op.responses.values()) {
      for (const example of response.examples) {
        count++;
        t.ok(response.validate?.(example), `${op.id} ${response.status} example`, {
          errors: response.validate?.errors,
        });
      }
    }
  }
  t.ok(count >= 20, `${count} request and response examples checked`);
});

t.test('every parameter and header example matches its schema', async (t) => {
  let count = 0;
  for (const { where, holder } of holders) {
    if (where.startsWith('components.schemas.') || /\.content\.[^.]+$/.test(where)) continue;
    const validate = contract.compile(holder.schema as JsonSchema);
    for (const example of examplesOf(holder)) {
      count++;
      t.ok(validate(example), `${where} example ${JSON.stringify(example)}`, { errors: validate.errors });
    }
  }
  t.ok(count >= 10, `${count} parameter and header examples checked`);
});

t.test('every operation the seed documents exists', async (t) => {
  const seed: Array<[method: string, path: string, secured: boolean]> = [
    ['GET', '/whoami', true],
    ['GET', '/workspace', true],
    ['GET', '/contacts', true],
    ['POST', '/contacts', true],
    ['PUT', '/contacts/{contactId}', true],
    ['POST', '/contacts/query', true],
    ['GET', '/contacts/search', true],
    ['GET', '/openapi.json', false],
  ];
  for (const [method, path, secured] of seed) {
    const op = contract.operations.find((o) => o.method === method && o.path === path);
    t.ok(op, `${method} ${path} exists`);
    t.equal(op?.secured, secured, `${method} ${path} ${secured ? 'needs a key' : 'has security []'}`);
  }
  const openapiJson = (dereferenced.paths as Record<string, { get?: Node }>)['/openapi.json']?.get;
  t.same(openapiJson?.security, [], 'GET /openapi.json declares security: []');
});

t.test('the error catalogue has the seed codes with their statuses', async (t) => {
  const seed: Array<[code: string, status: number]> = [
    ['UNAUTHORIZED', 401],
    ['VALIDATION_ERROR', 422],
    ['NOT_FOUND', 404],
    ['IDEMPOTENCY_CONFLICT', 409],
    ['INTERNAL_ERROR', 500],
  ];
  for (const [code, status] of seed) t.equal(contract.errorStatus[code], status, `${code} is ${status}`);
});

t.test('formatField joins segments into a field', async (t) => {
  const cases: Array<[string, { given: Array<string | number>; want: string }]> = [
    ['the whole body', { given: [], want: 'body' }],
    ['a parameter', { given: ['limit'], want: 'limit' }],
    ['a nested property', { given: ['contact', 'email'], want: 'contact.email' }],
    ['an array index', { given: ['conditions', 1, 'op'], want: 'conditions[1].op' }],
    ['a trailing index', { given: ['contact', 'tags', 0], want: 'contact.tags[0]' }],
  ];
  for (const [name, { given, want }] of cases) t.equal(formatField(given), want, name);
});

t.test('pointerSegments splits a JSON Pointer', async (t) => {
  const cases: Array<[string, { given: string; want: Array<string | number> }]> = [
    ['the root', { given: '', want: [] }],
    ['indexes become numbers', { given: '/conditions/1/op', want: ['conditions', 1, 'op'] }],
    ['escapes are undone', { given: '/a~1b/~0c', want: ['a/b', '~c'] }],
    ['a leading zero is a key', { given: '/01', want: ['01'] }],
  ];
  for (const [name, { given, want }] of cases) t.same(pointerSegments(given), want, name);
});

t.test('errorSegments and primaryError blame the offending input of a real validation', async (t) => {
  const cases: Array<[string, { operation: string; body: unknown; field: string; keyword: string }]> = [
    [
      'a bad email',
      { operation: 'createContact', body: { contact: { email: 'nope' } }, field: 'contact.email', keyword: 'format' },
    ],
    [
      'a bad condition op',
      {
        operation: 'queryContacts',
        body: {
          conditions: [
            { field: 'cdId', op: 'eq', value: 'x' },
            { field: 'cdId', op: 'bogus', value: 'x' },
          ],
        },
        field: 'conditions[1].op',
        keyword: 'enum',
      },
    ],
    [
      'an unknown key',
      {
        operation: 'createContact',
        body: { contact: { firstName: 'x', foo: 1 } },
        field: 'contact.foo',
        keyword: 'additionalProperties',
      },
    ],
    [
      'a bad custom field slug',
      {
        operation: 'createContact',
        body: { contact: { firstName: 'x', customFields: { Bad: 1 } } },
        field: 'contact.customFields.Bad',
        keyword: 'pattern',
      },
    ],
    ['a missing contact', { operation: 'createContact', body: {}, field: 'contact', keyword: 'required' }],
    [
      'no name and no email',
      { operation: 'createContact', body: { contact: { organization: 'Acme' } }, field: 'contact', keyword: 'anyOf' },
    ],
    [
      'an empty update',
      { operation: 'updateContact', body: { contact: {} }, field: 'contact', keyword: 'minProperties' },
    ],
    [
      'a bad tag',
      {
        operation: 'createContact',
        body: { contact: { firstName: 'x', tags: ['ok', ''] } },
        field: 'contact.tags[1]',
        keyword: 'minLength',
      },
    ],
    ['a limit out of range', { operation: 'queryContacts', body: { limit: 101 }, field: 'limit', keyword: 'maximum' }],
    ['a body that is not an object', { operation: 'createContact', body: [], field: 'body', keyword: 'type' }],
  ];
  for (const [name, { operation, body, field, keyword }] of cases) {
    const validate = contract.operation(operation).body!.validate;
    t.notOk(validate(body), `${name}: rejected`);
    const error = primaryError(validate.errors ?? []);
    t.equal(error?.keyword, keyword, `${name}: blames ${keyword}`);
    t.equal(error && formatField(errorSegments(error)), field, `${name}: field ${field}`);
  }
});

t.test('primaryError of no errors is undefined', async (t) => {
  t.equal(primaryError([]), undefined);
});
