import t from 'tap';
import { HOME, startServer, type Reply, type TestServer } from '../testing/harness.js';
import { applyFaults, FAULTS, listFaults, resolveFaults } from './index.js';

t.test('the catalogue is well formed', async (t) => {
  const names = FAULTS.map((f) => f.name);
  t.equal(new Set(names).size, names.length, 'names are unique');
  for (const entry of FAULTS) {
    t.match(entry.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${entry.name} is kebab-case`);
    t.ok(entry.description.length > 10, `${entry.name} is described`);
    if (entry.kind === 'fault') t.ok(entry.expectedChecks.length > 0, `${entry.name} names the checks that catch it`);
    else t.same(entry.expectedChecks, [], `${entry.name} is benign: no check may fail on it`);
  }
  t.ok(FAULTS.filter((f) => f.kind === 'fault').length >= 30, 'at least 30 faults');
  t.same(
    listFaults().map((f) => f.name),
    names,
  );
  t.throws(() => resolveFaults(['nope']), /unknown fault "nope"/);
  await t.rejects(startServer({ faults: ['nope'] }), /unknown fault/);
});

t.test('applying an entry keeps every part', async (t) => {
  const server = await startServer({ fixtures: false });
  t.teardown(server.close);
  const correct = server.server.parts;
  for (const entry of FAULTS.filter((f) => f.name !== 'large-workspace-3000')) {
    const changed = await applyFaults(correct, [entry]);
    t.same(Object.keys(changed).sort(), Object.keys(correct).sort(), entry.name);
  }
});

/** What each benign entry visibly varies, so a passing suite run proves the variation was there. */
const benignProbes: Record<string, (s: TestServer) => Promise<boolean>> = {
  'extra-response-fields': async (s) => {
    const [first] = (await s.call('GET', '/contacts?limit=1')).json;
    return (await s.call('GET', '/whoami')).json.apiVersion !== undefined && first.object === 'contact';
  },
  'json-reformatted': async (s) => {
    const reply = await s.call('GET', '/whoami');
    return reply.text.startsWith('{\n  "workspaceName"') && reply.text.endsWith('}\n');
  },
  'extra-response-headers': async (s) => typeof (await s.call('GET', '/whoami')).headers['x-request-id'] === 'string',
  'json-content-type-variants': async (s) =>
    (await s.call('GET', '/whoami')).headers['content-type'] === 'application/json' &&
    (await s.call('GET', '/contacts?limit=0')).headers['content-type'] === 'application/json;charset=UTF-8',
  'chunked-responses': async (s) => {
    const reply: Reply = await s.call('GET', '/whoami');
    return (
      reply.headers['transfer-encoding'] === 'chunked' &&
      reply.headers['content-length'] === undefined &&
      reply.json.workspaceId === HOME.workspaceId
    );
  },
  'added-latency-20ms': async (s) => {
    let fastest = Infinity;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await s.call('GET', '/whoami');
      fastest = Math.min(fastest, performance.now() - started);
    }
    return fastest >= 19;
  },
  'large-workspace-3000': async (s) =>
    (await s.call('POST', '/contacts/query', { body: { countOnly: true } })).json.count >= 3000,
};

t.test('every benign entry has a probe', async (t) => {
  t.same(
    Object.keys(benignProbes).sort(),
    FAULTS.filter((f) => f.kind === 'benign')
      .map((f) => f.name)
      .sort(),
  );
});

for (const [name, probe] of Object.entries(benignProbes)) {
  t.test(`${name} varies what a client sees`, async (t) => {
    const correct = await startServer();
    t.teardown(correct.close);
    const varied = await startServer({ faults: [name] });
    t.teardown(varied.close);
    // A loaded machine can make the correct server slow too; latency is only checked where it is added.
    if (name !== 'added-latency-20ms') t.equal(await probe(correct), false, 'not so on the correct server');
    t.equal(await probe(varied), true, 'so with the entry on');
  });
}
