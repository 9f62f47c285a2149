import t from 'tap';
import { loadContract } from '../../spec/index.js';
import { HOME, OTHER, startServer } from '../testing/harness.js';
import type { RawRequest, Workspace } from '../types.js';
import { authenticate } from './authenticate.js';
import { createHashMemo, createKeyRing, hashKey, MEMO_MAX_KEY_LENGTH } from './keys.js';

const contract = await loadContract();
const home = { workspaceId: HOME.workspaceId } as Workspace;
const ring = createKeyRing([{ key: HOME.apiKey, owner: home }]);
const raw = (headers: Record<string, string>, query = ''): RawRequest => ({
  method: 'GET',
  path: '/api/v2/whoami',
  query: new URLSearchParams(query),
  headers,
});

// D10, as data: [name, headers, query, wanted kind, wanted source]
const cases: Array<[string, Record<string, string>, string, string, string]> = [
  ['bearer', { authorization: `Bearer ${HOME.apiKey}` }, '', 'granted', 'bearer'],
  ['scheme lower-case', { authorization: `bearer ${HOME.apiKey}` }, '', 'granted', 'bearer'],
  ['scheme upper-case, two spaces', { authorization: `BEARER  ${HOME.apiKey}` }, '', 'granted', 'bearer'],
  ['unknown key', { authorization: 'Bearer nope' }, '', 'denied', 'bearer'],
  ['other scheme', { authorization: `Basic ${HOME.apiKey}` }, '', 'denied', 'bearer'],
  ['empty header', { authorization: '' }, '', 'denied', 'bearer'],
  ['scheme without key', { authorization: 'Bearer' }, '', 'denied', 'bearer'],
  ['no credentials', {}, '', 'denied', 'none'],
  ['query key', {}, `apiKey=${HOME.apiKey}`, 'granted', 'query'],
  ['unknown query key', {}, 'apiKey=nope', 'denied', 'query'],
  ['empty query key', {}, 'apiKey=', 'denied', 'query'],
  ['repeated query key', {}, `apiKey=${HOME.apiKey}&apiKey=${HOME.apiKey}`, 'denied', 'query'],
  ['header wins over a good query key', { authorization: 'Bearer nope' }, `apiKey=${HOME.apiKey}`, 'denied', 'bearer'],
  ['header wins over a bad query key', { authorization: `Bearer ${HOME.apiKey}` }, 'apiKey=nope', 'granted', 'bearer'],
];

for (const [name, headers, query, kind, via] of cases) {
  t.test(name, async (t) => {
    const result = authenticate(raw(headers, query), ring, contract.security);
    t.equal(result.kind, kind);
    t.equal(result.via, via);
  });
}

t.test('D12: the hash memo is bounded and forgets the least recently used key first', async (t) => {
  const memo = createHashMemo(3);
  for (const key of ['a', 'b', 'c']) memo.hash(key);
  memo.hash('a'); // now the most recently used
  memo.hash('d'); // evicts b, the oldest
  t.equal(memo.size, 3);
  for (let i = 0; i < 1000; i++) memo.hash(`random-${i}`);
  t.equal(memo.size, 3, 'a stream of distinct keys never grows it past its cap');
  memo.hash('x'.repeat(MEMO_MAX_KEY_LENGTH + 1));
  t.equal(memo.size, 3);
  for (const key of ['a', 'random-999', 'x'.repeat(MEMO_MAX_KEY_LENGTH + 1)]) {
    t.same(memo.hash(key), hashKey(key), 'a memoised or fresh hash is the SHA-256 of the key');
  }
});

t.test('D12: with the memo, unknown keys are still refused and valid ones still resolve', async (t) => {
  const other = { workspaceId: OTHER.workspaceId } as Workspace;
  const small = createKeyRing(
    [
      { key: HOME.apiKey, owner: home },
      { key: OTHER.apiKey, owner: other },
    ],
    { memoEntries: 2 },
  );
  for (let round = 0; round < 3; round++) {
    t.equal(small.find(HOME.apiKey), home, `round ${round}: valid key resolves`);
    t.equal(small.find(OTHER.apiKey), other, `round ${round}: each key to its own workspace`);
    t.equal(small.find('nope'), undefined, `round ${round}: unknown key refused, memoised or not`);
    t.equal(small.find(`${HOME.apiKey} `), undefined, `round ${round}: a near miss is refused`);
  }
  for (let i = 0; i < 100; i++) t.equal(small.find(`guess-${i}`), undefined);
  t.equal(small.find(HOME.apiKey), home, 'a valid key still resolves after the memo was flooded');
  t.equal(small.find('guess-99'), undefined, 'an unknown key still 401s when its hash is memoised');
});

t.test('over HTTP: Deprecation on every response to a query-key request, never on Bearer', async (t) => {
  const server = await startServer({ fixtures: false });
  t.teardown(server.close);
  const unauthorized = { error: { code: 'UNAUTHORIZED', message: 'A valid API key is required.' } };

  const ok = await server.call('GET', `/whoami?apiKey=${HOME.apiKey}`, { key: null });
  t.equal(ok.status, 200);
  t.equal(ok.json.workspaceId, HOME.workspaceId);
  t.equal(ok.headers.deprecation, 'true');
  t.match(ok.headers.warning, /^299 - ".*"$/);

  const bad = await server.call('GET', '/whoami?apiKey=nope', { key: null });
  t.equal(bad.status, 401);
  t.same(bad.json, unauthorized);
  t.equal(bad.headers.deprecation, 'true');

  const invalid = await server.call('GET', `/contacts?limit=0&apiKey=${HOME.apiKey}`, { key: null });
  t.equal(invalid.status, 422);
  t.equal(invalid.headers.deprecation, 'true', 'errors after auth carry it too');

  const bearer = await server.call('GET', `/whoami?apiKey=${OTHER.apiKey}`);
  t.equal(bearer.json.workspaceId, HOME.workspaceId, 'the header decides');
  t.equal(bearer.headers.deprecation, undefined);
  t.equal(bearer.headers.warning, undefined);

  const none = await server.call('GET', '/contacts', { key: null });
  t.equal(none.status, 401);
  t.same(none.json, unauthorized);
  t.equal(none.headers.deprecation, undefined);
});

t.test('over HTTP: auth comes before body checks (D9)', async (t) => {
  const server = await startServer({ fixtures: false });
  t.teardown(server.close);
  const reply = await server.call('POST', '/contacts', {
    raw: '{not json',
    key: 'nope',
    headers: { 'content-type': 'text/plain' },
  });
  t.equal(reply.status, 401);
  const open = await server.call('GET', '/openapi.json', { key: null });
  t.equal(open.status, 200, 'openapi.json needs no key');
  t.equal(open.json.openapi, contract.document.openapi);
});
