import t from 'tap';
import { HOME, startServer } from '../testing/harness.js';
import { malformedQueryNames } from './request.js';

// D14: [query string, names refused]
const queries: Array<[string, string[]]> = [
  ['', []],
  ['q=ada&limit=5', []],
  ['q=%zz', ['q']],
  ['q=100%', ['q']],
  ['q=%ff', ['q']],
  ['q=%ed%a0%80', ['q']],
  ['q=%c0%af', ['q']],
  ['q=%e2%82', ['q']],
  ['q=%e2%82%ac&limit=%zz', ['limit']],
  ['q=50%25%20off+now', []],
  ['q=%F0%9F%98%80', []],
  ['my+q=%zz', ['my q']],
  ['%71=%zz', ['q']],
  ['%zz=%zz&q', []],
];
for (const [search, names] of queries) {
  t.test(`malformedQueryNames ${search || '(empty)'}`, async (t) => t.same([...malformedQueryNames(search)], names));
}

t.test('over HTTP: a malformed query value is a 422 on the parameter', async (t) => {
  const server = await startServer();
  t.teardown(server.close);
  const list = await server.call('GET', '/contacts?limit=1');
  const [first] = list.json;
  // [path, field of the 422]
  const cases: Array<[string, string]> = [
    ['/contacts/search?q=%zz', 'q'],
    ['/contacts/search?q=%ff', 'q'],
    ['/contacts/search?q=Jos%e9', 'q'],
    ['/contacts/search?externalId=%ed%a0%80', 'externalId'],
    ['/contacts?limit=%zz', 'limit'],
  ];
  for (const [path, field] of cases) {
    const reply = await server.call('GET', path);
    t.same([reply.status, reply.json?.error?.code, reply.json?.error?.field], [422, 'VALIDATION_ERROR', field], path);
  }
  const fine = await server.call('GET', `/contacts/search?q=${encodeURIComponent(first.lastName)}`);
  t.equal(fine.status, 200, 'a well-encoded value is searched');
  t.ok(fine.json.some((c: { cdId: string }) => c.cdId === first.cdId));
  const other = await server.call('GET', '/contacts?limit=1&note=%zz');
  t.equal(other.status, 200, 'a parameter the operation does not have is ignored, however encoded');
  const name = server.server.parts.contract.security.queryKeyName;
  const key = await server.call('GET', `/whoami?${name}=${HOME.apiKey}%zz`, { key: null });
  t.equal(key.status, 401, 'a malformed query key is no key');
});
