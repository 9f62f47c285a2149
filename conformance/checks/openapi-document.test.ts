import t, { type Test } from 'tap';
import { loadContract } from '../../spec/index.js';
import type { Doc } from '../../spec/diff/operations.js';
import { applyPatch, type PatchOperation } from '../../spec/diff/testing/json-patch.js';
import { findingsOf, runChecks, sendJson, startBuggyTarget, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { runDirect } from '../../test/helpers/direct-context.js';
import { openapiDocument } from './openapi-document.js';

const contract = await loadContract();

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([openapiDocument], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
});

const serving = (doc: unknown) =>
  startBuggyTarget((_req, res, path) => path.endsWith('/openapi.json') && sendJson(res, 200, doc));
const patched =
  (...patch: PatchOperation[]) =>
  () =>
    applyPatch(contract.document, patch);

async function findingsFor(t: Test, doc: unknown) {
  const target = await serving(doc);
  t.teardown(() => target.close());
  const report = await runChecks(target.url, [openapiDocument], { responseChecks: [] });
  return { findings: findingsOf(report, 'openapi-document'), report };
}

const cases: Array<[string, { doc: () => Doc; want: string; at?: RegExp }]> = [
  [
    'an operation is missing',
    {
      doc: patched({ op: 'remove', path: '/paths/~1contacts~1search' }),
      want: 'openapi-document:breaking:operation-removed',
      at: /at GET \/contacts\/search: removed \(searchContacts\)/,
    },
  ],
  [
    'an operation is renamed',
    {
      doc: patched({ op: 'replace', path: '/paths/~1whoami/get/operationId', value: 'whoAmI' }),
      want: 'openapi-document:breaking:operation-id-changed',
      at: /GET \/whoami: operationId getWhoami → whoAmI/,
    },
  ],
  [
    'a response property is gone',
    {
      doc: patched(
        { op: 'remove', path: '/components/schemas/Whoami/properties/workspaceName' },
        {
          op: 'replace',
          path: '/components/schemas/Whoami/required',
          value: ['userId', 'firstName', 'lastName', 'emailAddress', 'workspaceId'],
        },
      ),
      want: 'openapi-document:breaking:response-property-removed',
      at: /GET \/whoami: response 200 body: property workspaceName removed/,
    },
  ],
  [
    'a request bound is narrower',
    {
      doc: patched({ op: 'replace', path: '/components/schemas/PageLimit/maximum', value: 50 }),
      want: 'openapi-document:breaking:request-range-narrowed',
      at: /GET \/contacts: query parameter limit: maximum 100 → 50/,
    },
  ],
  [
    'a response enum has a new value',
    {
      doc: patched({ op: 'add', path: '/components/schemas/Workspace/properties/status/enum/-', value: 'archived' }),
      want: 'openapi-document:breaking:response-enum-widened',
    },
  ],
  [
    'the document says 3.0',
    { doc: () => ({ ...structuredClone(contract.document), openapi: '3.0.3' }), want: 'openapi-document:version' },
  ],
  [
    'the document is not valid OpenAPI',
    {
      doc: () => ({ ...structuredClone(contract.document), info: { title: 'no version' } }),
      want: 'openapi-document:invalid',
    },
  ],
];

for (const [name, { doc, want, at }] of cases) {
  t.test(`fails when ${name}`, async (t) => {
    const { findings } = await findingsFor(t, doc());
    const found = findings.find((f) => f.key === want);
    t.ok(found, `${want}\n${summary(findings)}`);
    t.equal(found?.severity, 'error');
    if (at) t.match(found?.message, at);
  });
}

t.test('one finding per rule, listing its locations', async (t) => {
  // ExternalIds sits in two request bodies and five responses: wider to send (fine), wider to receive (breaking).
  const { findings, report } = await findingsFor(
    t,
    patched({ op: 'replace', path: '/components/schemas/ExternalIds/maxProperties', value: 30 })(),
  );
  t.same(
    findings.map((f) => `${f.severity} ${f.key}`),
    [
      'error openapi-document:breaking:response-properties-count-widened',
      'info openapi-document:additive:request-properties-count-widened',
    ],
    summary(findings),
  );
  t.equal(findings[0]!.message.match(/maxProperties 20 → 30/g)?.length, 5, findings[0]!.message);
  t.equal(findings[1]!.message.match(/maxProperties 20 → 30/g)?.length, 2, findings[1]!.message);
  t.equal(report.results.find((r) => r.check === 'openapi-document')?.status, 'failed');
});

t.test('additive differences and deprecations are info notes; the check passes', async (t) => {
  const doc = patched(
    { op: 'add', path: '/components/schemas/Whoami/properties/avatarUrl', value: { type: 'string', maxLength: 2000 } },
    { op: 'add', path: '/paths/~1contacts/get/deprecated', value: true },
    { op: 'add', path: '/paths/~1contacts/get/x-rate-limit', value: { perMinute: 600 } },
    { op: 'replace', path: '/paths/~1contacts/get/description', value: 'Lists contacts.' },
    {
      op: 'add',
      path: '/paths/~1contacts~1export',
      value: {
        get: {
          operationId: 'exportContacts',
          responses: {
            '200': {
              description: 'The export.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/ContactList' } } },
            },
          },
        },
      },
    },
  )();
  const { findings, report } = await findingsFor(t, doc);
  t.same(
    findings.map((f) => `${f.severity} ${f.key}`).sort(),
    [
      'info openapi-document:additive:operation-added',
      'info openapi-document:additive:response-property-added',
      'info openapi-document:deprecation:operation-deprecated',
    ],
    summary(findings),
  );
  t.equal(report.results.find((r) => r.check === 'openapi-document')?.status, 'passed');
});

t.test('silent on harmless variations: keys in another order, x- extensions, other descriptions', async (t) => {
  const reversed = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(reversed)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .reverse()
              .map(([k, v]) => [k, reversed(v)]),
          )
        : value;
  const doc = patched(
    { op: 'add', path: '/x-generated-by', value: 'vendor-gateway 4.2' },
    { op: 'add', path: '/paths/~1contacts/get/x-rate-limit', value: { perMinute: 600 } },
    { op: 'replace', path: '/paths/~1contacts/get/description', value: 'Lists contacts.' },
    { op: 'replace', path: '/info/description', value: 'Our ContactDrive API.' },
  )();
  const { findings } = await findingsFor(t, reversed(doc));
  t.same(summary(findings), '(no findings)');
});

t.test('fails when the document needs a key (fault openapi-requires-auth)', async (t) => {
  // The runner's preflight already refuses such a target; the check on its own says why.
  const ref = await startReference(t, { faults: ['openapi-requires-auth'] });
  const findings = await runDirect(openapiDocument, ref.url, ref.apiKey);
  t.same(
    findings.map((f) => f.key),
    ['openapi-document:status'],
    summary(findings),
  );
  t.match(findings[0]!.message, /answered 401/);
});
