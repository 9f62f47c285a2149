import t from 'tap';
import { readFileSync } from 'node:fs';
import * as fc from 'fast-check';
import { errorSegments, formatField, loadContract, primaryError, type JsonSchema } from '../../spec/index.js';
import type { ValidateFunction } from 'ajv';
import type { WorkspaceInfo } from '../types.js';
import { invalid } from './invalid.js';
import { valid } from './valid.js';
import { workspaceSchemas } from './workspace-schemas.js';

const contract = await loadContract();
const gen = { compile: contract.compile };

/** The field a validator blames, or undefined when the value is valid. */
function blamed(validate: ValidateFunction, value: unknown): string | undefined {
  if (validate(value)) return undefined;
  return formatField(errorSegments(primaryError(validate.errors ?? [])!));
}

const fixtures = JSON.parse(readFileSync(new URL('../../fixtures/workspaces.json', import.meta.url), 'utf8')) as Array<{
  workspaceId: string;
  customFields: Array<{ value: string; type?: 'string' | 'number' | 'boolean' }>;
}>;
const workspace: WorkspaceInfo = {
  workspaceId: fixtures[0]!.workspaceId,
  customFields: fixtures[0]!.customFields.map((f) => ({ slug: f.value.split('.')[1]!, type: f.type ?? 'string' })),
};

t.test('every invalid body fails with exactly the mutated field', async (t) => {
  for (const id of ['createContact', 'updateContact', 'queryContacts']) {
    const body = contract.operation(id).body!;
    const samples = fc.sample(invalid(body.schema, gen), { numRuns: 300, seed: 21 });
    const wrong = samples
      .map((s) => ({ want: formatField(s.segments), got: blamed(body.validate, s.value), s }))
      .filter((r) => r.want !== r.got)
      .map((r) => `${r.s.rule}: want ${r.want}, got ${r.got} in ${JSON.stringify(r.s.value).slice(0, 200)}`);
    t.same(wrong, [], `${id}: 300 invalid bodies`);
    const rules = new Set(samples.map((s) => s.rule));
    t.ok(rules.size >= 6, `${id}: varied mutations (${[...rules].join(', ')})`);
    const deep = samples.filter((s) => s.segments.length >= 2).length;
    t.ok(deep > (id === 'queryContacts' ? 60 : 150), `${id}: most mutations are inside the body (${deep}/300)`);
  }
});

t.test('bodies narrowed to a workspace: the mutated field, and the plain contract agrees or accepts', async (t) => {
  const schemas = workspaceSchemas(contract, workspace);
  const cases: Array<[string, JsonSchema, ValidateFunction]> = [
    ['createContact', schemas.createRequest, contract.operation('createContact').body!.validate],
    ['updateContact', schemas.updateRequest, contract.operation('updateContact').body!.validate],
    ['queryContacts', schemas.queryRequest, contract.operation('queryContacts').body!.validate],
  ];
  for (const [id, schema, plain] of cases) {
    const narrowed = contract.compile(schema);
    const samples = fc.sample(invalid(schema, gen), { numRuns: 300, seed: 4 });
    const wrong = samples
      .map((s) => ({ want: formatField(s.segments), got: blamed(narrowed, s.value), plain: blamed(plain, s.value), s }))
      .filter((r) => r.want !== r.got || (r.plain !== undefined && r.plain !== r.want))
      .map(
        (r) =>
          `${r.s.rule}: want ${r.want}, got ${r.got} (plain contract: ${r.plain}) in ${JSON.stringify(r.s.value).slice(0, 200)}`,
      );
    t.same(wrong, [], `${id}: 300 invalid bodies`);
  }
});

t.test('custom fields: an undefined slug or a wrong type is blamed on that slug', async (t) => {
  const schemas = workspaceSchemas(contract, workspace);
  const samples = fc.sample(invalid(schemas.createRequest, gen), { numRuns: 2000, seed: 8 });
  const custom = samples.filter((s) => s.segments[1] === schemas.customFieldsKey && s.segments.length === 3);
  t.ok(
    custom.some((s) => workspace.customFields.some((f) => f.slug === s.segments[2])),
    'a defined slug with a bad value',
  );
  t.ok(
    custom.some((s) => !workspace.customFields.some((f) => f.slug === s.segments[2])),
    'an undefined slug',
  );
});

t.test('small schemas: each mutation is blamed where it was made', async (t) => {
  const cases: Array<[string, JsonSchema]> = [
    ['string', { type: 'string', minLength: 1, maxLength: 3, pattern: '^[a-z]+$' }],
    ['integer', { type: 'integer', minimum: 1, maximum: 100 }],
    ['array', { type: 'array', maxItems: 3, uniqueItems: true, items: { type: 'string', format: 'email' } }],
    [
      'object',
      {
        type: 'object',
        additionalProperties: false,
        required: ['a'],
        properties: { a: { type: 'boolean' }, b: { type: 'array', items: { type: 'integer' } } },
      },
    ],
    [
      'map',
      {
        type: 'object',
        maxProperties: 2,
        propertyNames: { type: 'string', pattern: '^[a-z]+$' },
        additionalProperties: { type: 'string', maxLength: 2 },
      },
    ],
  ];
  for (const [name, schema] of cases) {
    const validate = contract.compile(schema);
    const wrong = fc
      .sample(invalid(schema, gen), { numRuns: 200, seed: 6 })
      .filter((s) => blamed(validate, s.value) !== formatField(s.segments))
      .map((s) => `${s.rule} ${formatField(s.segments)} ${JSON.stringify(s.value)}`);
    t.same(wrong, [], name);
  }
});

// A URL or a header cannot carry a lone surrogate: every value generated for a parameter must be
// well-formed Unicode, whatever the seed (seed 763238387 once split a surrogate pair).
/** In `u` mode a surrogate pair is one code point, so this matches lone surrogates only. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

t.test('invalid and valid parameter values are well-formed Unicode at any seed', async (t) => {
  const seeds = [763238387, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const broken: string[] = [];
  for (const op of contract.operations) {
    for (const param of op.parameters) {
      for (const seed of seeds) {
        const values = [
          ...fc.sample(invalid(param.schema, gen), { numRuns: 200, seed }).map((s) => s.value),
          ...fc.sample(valid(param.schema, gen), { numRuns: 50, seed }),
        ];
        for (const value of values) {
          if (typeof value === 'string' && LONE_SURROGATE.test(value))
            broken.push(`${op.id} ${param.name} at seed ${seed}: ${JSON.stringify(value)}`);
        }
      }
    }
  }
  t.same(broken.slice(0, 5), [], 'no lone surrogate in any generated parameter value');
});
