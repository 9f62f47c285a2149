import { readdirSync, readFileSync } from 'node:fs';
import t from 'tap';
import { parse } from 'yaml';
import { packagePath } from '../package-root.js';
import { diffDocuments } from './classify.js';
import { loadDocumentFile, loadDocumentValue } from './load.js';
import { RULES, type RuleId } from './rules.js';
import { applyPatch, type PatchOperation } from './testing/json-patch.js';

interface Case {
  description: string;
  basePatch?: PatchOperation[];
  patch: PatchOperation[];
  want: RuleId[];
}

// The published baseline, not the working spec: other edits to spec/openapi.yaml must not move the cases.
const baselinePath = packagePath('spec', 'baseline', 'openapi.yaml');
const baseline = parse(readFileSync(baselinePath, 'utf8')) as Record<string, unknown>;
const baseApi = (await loadDocumentValue(baseline, 'baseline')).api;
const dir = packagePath('fixtures', 'diff');
const cases = readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => [name.replace(/\.json$/, ''), JSON.parse(readFileSync(`${dir}/${name}`, 'utf8')) as Case] as const);

t.ok(cases.length >= 30, `${cases.length} spec edits in fixtures/diff`);

for (const [name, edit] of cases) {
  t.test(`${name}: ${edit.description}`, async (t) => {
    for (const rule of edit.want) t.ok(rule in RULES, `${rule} is a rule`);
    const base = edit.basePatch ? (await loadDocumentValue(applyPatch(baseline, edit.basePatch), 'base')).api : baseApi;
    const head = (await loadDocumentValue(applyPatch(baseline, [...(edit.basePatch ?? []), ...edit.patch]), 'head'))
      .api;
    const changes = diffDocuments(base, head);
    const got = [...new Set(changes.map((c) => c.rule))].sort();
    t.same(
      got,
      [...new Set(edit.want)].sort(),
      changes.map((c) => `${c.kind} ${c.rule} ${c.operation ?? ''} ${c.message}`).join('\n') || '(no changes)',
    );
    for (const change of changes) {
      t.equal(change.kind, RULES[change.rule].kind, `${change.rule} carries its rule's kind`);
      t.match(change.pointer, /^\//, 'every change has a JSON pointer');
    }
    // Undoing the edit reverses additive and breaking request changes alike: the diff is not symmetric noise.
    if (edit.want.length === 0) t.same(diffDocuments(head, base), [], 'and nothing the other way either');
  });
}

t.test('the working spec against itself, and the baseline against itself, have no changes', async (t) => {
  const spec = await loadDocumentFile(packagePath('spec', 'openapi.yaml'));
  t.same(diffDocuments(spec.api, spec.api), []);
  t.same(diffDocuments(baseApi, baseApi), []);
});

t.test('a change names its operation and says old and new', async (t) => {
  const head = (
    await loadDocumentValue(
      applyPatch(baseline, [
        { op: 'replace', path: '/components/schemas/ContactFields/properties/email/maxLength', value: 100 },
      ]),
      'head',
    )
  ).api;
  const changes = diffDocuments(baseApi, head);
  t.same(
    changes.map((c) => c.operation),
    ['POST /contacts', 'PUT /contacts/{contactId}'],
  );
  t.match(changes[0]!.message, 'request body contact.email: maxLength 254 → 100');
  t.equal(
    changes[0]!.pointer,
    '/paths/~1contacts/post/requestBody/content/application~1json/schema/properties/contact/allOf/0/properties/email/maxLength',
  );
});

t.test('a cyclic schema is compared without looping', async (t) => {
  const withTree = (maxItems: number) =>
    applyPatch(baseline, [
      {
        op: 'add',
        path: '/components/schemas/Node',
        value: {
          type: 'object',
          properties: { children: { type: 'array', maxItems, items: { $ref: '#/components/schemas/Node' } } },
        },
      },
      { op: 'add', path: '/components/schemas/Whoami/properties/tree', value: { $ref: '#/components/schemas/Node' } },
    ]);
  const base = (await loadDocumentValue(withTree(10), 'base')).api;
  const head = (await loadDocumentValue(withTree(20), 'head')).api;
  t.same(
    diffDocuments(base, head).map((c) => c.rule),
    ['response-items-widened'],
  );
});
