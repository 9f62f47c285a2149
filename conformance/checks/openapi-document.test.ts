import t from 'tap';
import { loadContract } from '../../spec/index.js';
import { findingsOf, runChecks, sendJson, startBuggyTarget, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { runDirect } from '../../test/helpers/direct-context.js';
import { openapiDocument } from './openapi-document.js';
import { provesCatalogueFaults } from '../../test/helpers/catalogue.js';

const contract = await loadContract();

t.test('passes on the reference server', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([openapiDocument], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
});

const serving = (doc: unknown) => startBuggyTarget((_req, res, path) => path.endsWith('/openapi.json') && sendJson(res, 200, doc));

const cases: Array<[string, { doc: () => any; want: string }]> = [
  ['an operation is missing', { doc: () => { const d = structuredClone(contract.document) as any; delete d.paths['/contacts/search']; return d; }, want: 'openapi-document:missing:searchContacts' }],
  ['an operation is renamed', { doc: () => { const d = structuredClone(contract.document) as any; d.paths['/whoami'].get.operationId = 'whoAmI'; return d; }, want: 'openapi-document:missing:getWhoami' }],
  ['the document says 3.0', { doc: () => ({ ...structuredClone(contract.document), openapi: '3.0.3' }), want: 'openapi-document:version' }],
  ['the document is not valid OpenAPI', { doc: () => ({ ...structuredClone(contract.document), info: { title: 'no version' } }), want: 'openapi-document:invalid' }],
];

for (const [name, { doc, want }] of cases) {
  t.test(`fails when ${name}`, async (t) => {
    const target = await serving(doc());
    t.teardown(() => target.close());
    const findings = findingsOf(await runChecks(target.url, [openapiDocument], { responseChecks: [] }), 'openapi-document');
    t.ok(findings.some((f) => f.key === want), `${want}\n${summary(findings)}`);
  });
}

t.test('fails when the document needs a key (fault openapi-requires-auth)', async (t) => {
  // The runner's preflight already refuses such a target; the check on its own says why.
  const ref = await startReference(t, { faults: ['openapi-requires-auth'] });
  const findings = await runDirect(openapiDocument, ref.url, ref.apiKey);
  t.same(findings.map((f) => f.key), ['openapi-document:status'], summary(findings));
  t.match(findings[0]!.message, /answered 401/);
});

provesCatalogueFaults(t, openapiDocument);
