import t from 'tap';
import { applyFaults, FAULTS, listFaults, resolveFaults } from './faults.js';
import { HOME, startServer, type TestServer } from './testing/harness.js';

const count = async (s: TestServer, body: unknown = { countOnly: true }) =>
  (await s.call('POST', '/contacts/query', { body })).json.count as number;

/** What each fault visibly changes: an observation that differs from the correct server's. */
const probes: Record<string, (s: TestServer) => Promise<unknown>> = {
  'auth-accepts-unknown-key': async (s) => (await s.call('GET', '/whoami', { key: 'not-a-key' })).status,
  'deprecation-header-missing': async (s) => (await s.call('GET', `/whoami?apiKey=${HOME.apiKey}`, { key: null })).headers.deprecation ?? null,
  'list-shows-all-workspaces': async (s) => (await s.call('GET', '/contacts?limit=100')).json.length,
  'list-offset-off-by-one': async (s) => (await s.call('GET', '/contacts?limit=1')).json[0].cdId,
  'idempotency-replay-reexecutes': async (s) => {
    for (let i = 0; i < 2; i++) await s.call('POST', '/contacts', { body: { contact: { firstName: 'I' } }, headers: { 'idempotency-key': 'k' } });
    return count(s);
  },
  'idempotency-ignores-body': async (s) => {
    await s.call('POST', '/contacts', { body: { contact: { firstName: 'A' } }, headers: { 'idempotency-key': 'k' } });
    return (await s.call('POST', '/contacts', { body: { contact: { firstName: 'B' } }, headers: { 'idempotency-key': 'k' } })).status;
  },
  'dry-run-writes': async (s) => {
    await s.call('POST', '/contacts?dryRun=true', { body: { contact: { firstName: 'D' } } });
    return count(s);
  },
  'error-field-missing': async (s) => (await s.call('GET', '/contacts?limit=0')).json.error.field ?? null,
  'put-overwrites-omitted-fields': async (s) => {
    const [first] = (await s.call('GET', '/contacts?limit=1')).json;
    await s.call('PUT', `/contacts/${first.cdId}`, { body: { contact: { jobTitle: 'New' } } });
    return (await s.call('GET', '/contacts?limit=1')).json[0].firstName ?? null;
  },
  'count-only-off-by-one': (s) => count(s),
  'query-ne-matches-nothing': (s) => count(s, { countOnly: true, conditions: [{ field: 'notes', op: 'ne', value: 'x' }] }),
  'search-ignores-q': async (s) => (await s.call('GET', '/contacts/search?q=zzzzz')).json.length,
  'contact-missing-tags': async (s) => 'tags' in (await s.call('GET', '/contacts?limit=1')).json[0],
  'openapi-requires-auth': async (s) => (await s.call('GET', '/openapi.json', { key: null })).status,
};

t.test('the catalogue is well formed', async (t) => {
  const names = FAULTS.map((f) => f.name);
  t.equal(new Set(names).size, names.length, 'names are unique');
  for (const fault of FAULTS) t.match(fault.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  t.same(listFaults().map((f) => f.name), names);
  t.throws(() => resolveFaults(['nope']), /unknown fault "nope"/);
  await t.rejects(startServer({ faults: ['nope'] }), /unknown fault/);
});

t.test('applying a fault keeps every part', async (t) => {
  const server = await startServer({ fixtures: false });
  t.teardown(server.close);
  const correct = server.server.parts;
  for (const fault of FAULTS) {
    const faulty = applyFaults(correct, [fault]);
    t.same(Object.keys(faulty).sort(), Object.keys(correct).sort(), fault.name);
  }
});

for (const [name, probe] of Object.entries(probes)) {
  t.test(`${name} changes what a client sees`, async (t) => {
    const correct = await startServer();
    t.teardown(correct.close);
    const faulty = await startServer({ faults: [name] });
    t.teardown(faulty.close);
    t.notSame(await probe(faulty), await probe(correct));
  });
}
