import t from 'tap';
import * as fc from 'fast-check';
import { loadContract, type JsonSchema, type SchemaNode } from '../../spec/index.js';
import { valid } from './valid.js';
import { codePointLength } from './text.js';

const contract = await loadContract();
const gen = { compile: contract.compile };

t.test('every generated request body passes the operation validator', async (t) => {
  for (const id of ['createContact', 'updateContact', 'queryContacts']) {
    const body = contract.operation(id).body!;
    const failures = fc
      .sample(valid(body.schema, gen), { numRuns: 300, seed: 11 })
      .filter((value) => !body.validate(value))
      .map((value) => `${JSON.stringify(value).slice(0, 200)}: ${JSON.stringify(body.validate.errors?.[0])}`);
    t.same(failures, [], `${id}: 300 valid bodies`);
  }
});

t.test('every generated parameter value passes its validator', async (t) => {
  for (const op of contract.operations) {
    for (const p of op.parameters) {
      const bad = fc.sample(valid(p.schema, gen), { numRuns: 100, seed: 3 }).filter((v) => !p.validate(v));
      t.same(bad, [], `${op.id} ${p.name}`);
    }
  }
});

const cases: Array<[string, JsonSchema]> = [
  ['enum', { type: 'string', enum: ['a', 'b'] }],
  ['const', { const: 3 }],
  ['pattern and lengths', { type: 'string', minLength: 2, maxLength: 5, pattern: '^[a-z]+$' }],
  ['email', { type: 'string', format: 'email', maxLength: 40 }],
  ['date-time', { type: 'string', format: 'date-time' }],
  ['integer bounds', { type: 'integer', minimum: -2, maximum: 4 }],
  ['exclusive number bounds', { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }],
  ['union type', { type: ['string', 'number', 'boolean'], maxLength: 3 }],
  [
    'unique array',
    { type: 'array', minItems: 2, maxItems: 4, uniqueItems: true, items: { type: 'integer', minimum: 0, maximum: 3 } },
  ],
  [
    'closed object',
    {
      type: 'object',
      additionalProperties: false,
      required: ['a'],
      properties: { a: { type: 'boolean' }, b: { type: 'string' } },
    },
  ],
  [
    'open map',
    {
      type: 'object',
      maxProperties: 2,
      propertyNames: { type: 'string', pattern: '^[a-z]{1,3}$' },
      additionalProperties: { type: 'integer' },
    },
  ],
  [
    'anyOf of required',
    {
      type: 'object',
      anyOf: [
        { required: ['a'], properties: { a: { type: 'string', minLength: 1 } } },
        { required: ['b'], properties: { b: { type: 'integer' } } },
      ],
    },
  ],
  [
    'allOf',
    {
      allOf: [
        { type: 'string', maxLength: 4 },
        { type: 'string', minLength: 4 },
      ],
    },
  ],
];

t.test('small schemas: every value is valid', async (t) => {
  for (const [name, schema] of cases) {
    const validate = contract.compile(schema);
    const values = fc.sample(valid(schema, gen), { numRuns: 150, seed: 5 });
    t.same(
      values.filter((v) => !validate(v)),
      [],
      name,
    );
  }
});

t.test('system-managed properties are left out', async (t) => {
  const fields = contract.schemas.ContactFields as { properties: Record<string, JsonSchema> };
  const managed = Object.keys(fields.properties).filter((k) => fields.properties[k]!['x-system-managed']);
  t.ok(managed.length > 0, 'the contract marks some fields x-system-managed');
  const values = fc.sample(valid(fields, gen), { numRuns: 200, seed: 9 }) as Array<Record<string, unknown>>;
  t.same(
    values.filter((v) => managed.some((k) => k in v)),
    [],
  );
});

t.test('strings reach their edge lengths and leave ASCII', async (t) => {
  const values = fc.sample(valid({ type: 'string', maxLength: 200 }, gen), { numRuns: 400, seed: 1 }) as string[];
  t.ok(
    values.some((v) => codePointLength(v) === 200),
    'some strings are exactly maxLength',
  );
  t.ok(
    values.some((v) => v === ''),
    'some strings are empty',
  );
  t.ok(
    values.some((v) => /[^\x00-\x7f]/.test(v)),
    'some strings are not ASCII',
  );
  t.ok(
    values.some((v) => /[\u{10000}-\u{10ffff}]/u.test(v)),
    'some strings have astral code points',
  );
});

t.test('query conditions follow the operator rules', async (t) => {
  const validate = contract.compile(contract.schemas.QueryCondition!);
  const values = fc.sample(valid(contract.schemas.QueryCondition!, gen), { numRuns: 400, seed: 2 }) as Array<{
    op: string;
    field: string;
  }>;
  t.same(
    values.filter((v) => !validate(v)),
    [],
  );
  const ops = new Set(values.map((v) => v.op));
  t.same(
    [...ops].sort(),
    [...((contract.schemas.QueryCondition as SchemaNode).properties!.op!.enum as string[])].sort(),
    'every operator occurs',
  );
  t.ok(
    values.some((v) => v.field === 'tags'),
    'tags conditions occur',
  );
});

// The contract allows 200 custom fields while a contact holds at most 50 of them: generation must
// pick within that bound rather than draw every field and filter (which never ended from about 70).
t.test('contacts for the largest workspace the contract allows are generated, within maxProperties', async (t) => {
  const { readFileSync } = await import('node:fs');
  const { workspaceSchemas } = await import('./workspace-schemas.js');
  const [maximal] = JSON.parse(
    readFileSync(new URL('../../fixtures/maximal/workspaces.json', import.meta.url), 'utf8'),
  ) as Array<{
    workspaceId: string;
    customFields: Array<{ value: string; type?: 'string' | 'number' | 'boolean' }>;
  }>;
  const workspace = {
    workspaceId: maximal!.workspaceId,
    customFields: maximal!.customFields.map((f) => ({ slug: f.value.split('.')[1]!, type: f.type ?? 'string' })),
  };
  t.equal(workspace.customFields.length, 200);
  const schemas = workspaceSchemas(contract, workspace);
  const request = schemas.createRequest;
  const custom = (schemas.contactFields.properties as Record<string, JsonSchema>)[schemas.customFieldsKey]!;
  const validate = contract.compile(request);
  const samples = fc.sample(valid(request, gen), { numRuns: 100, seed: 5 }) as Array<{ contact: object }>;
  t.same(samples.filter((s) => !validate(s)).length, 0, '100 valid create bodies');
  const sizes = samples.map(
    (s) => Object.keys((s.contact as Record<string, object>)[schemas.customFieldsKey] ?? {}).length,
  );
  t.ok(
    Math.max(...sizes) <= (custom.maxProperties as number),
    `at most maxProperties custom fields (largest ${Math.max(...sizes)})`,
  );
  t.ok(Math.max(...sizes) >= 20, 'and some contacts carry many of them');
});
