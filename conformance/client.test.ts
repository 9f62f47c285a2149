import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { loadContract, type OperationSpec } from '../spec/index.js';
import { createApiClient, createDispatcher, fillPath } from './client.js';
import type { ApiResponse } from './types.js';

const KEY = 'cd_test_key_0123456789';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

t.test('ApiClient against a small HTTP server', async (t) => {
  const contract = await loadContract();
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const path = req.url!.split('?')[0]!;
      if (path.endsWith('/reset')) return req.socket.destroy();
      if (path.endsWith('/hang')) return;
      if (path.endsWith('/big')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('x'.repeat(50_000));
      }
      if (path.endsWith('/html')) {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html>hi</html>');
      }
      res.writeHead(path.endsWith('/fail') ? 500 : 200, { 'content-type': 'application/json', 'x-multi': ['a', 'b'] });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  const port = await listen(server);
  const config = { baseUrl: `http://127.0.0.1:${port}/api/v2`, timeoutMs: 500, concurrency: 2 };
  const dispatcher = createDispatcher(config);
  const exchanges: Array<[ApiResponse, OperationSpec | undefined]> = [];
  const stop = new AbortController();
  const client = createApiClient({
    contract,
    config,
    dispatcher,
    apiKey: KEY,
    signal: stop.signal,
    bodyLimitBytes: 10_000,
    onExchange: (response, operation) => exchanges.push([response, operation]),
  });
  t.teardown(async () => {
    await dispatcher.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  await t.test('query building and bearer auth', async (t) => {
    const res = await client.call('listContacts', { query: { limit: 5, offset: [1, 2], skipped: undefined } });
    t.equal(res.status, 200);
    t.same(res.json, { ok: true });
    t.equal(res.headers['x-multi'], 'a, b');
    const last = seen.at(-1)!;
    t.equal(last.method, 'GET');
    t.equal(last.url, '/api/v2/contacts?limit=5&offset=1&offset=2');
    t.equal(last.headers.authorization, `Bearer ${KEY}`);
    t.equal(res.request.url, `${config.baseUrl}/contacts?limit=5&offset=1&offset=2`);
    t.equal(exchanges.at(-1)![1]?.id, 'listContacts');
  });

  await t.test('auth modes', async (t) => {
    const queryName = contract.security.queryKeyName;
    await client.call('getWhoami', { auth: 'query' });
    t.equal(seen.at(-1)!.url, `/api/v2/whoami?${queryName}=${KEY}`);
    t.equal(seen.at(-1)!.headers.authorization, undefined);
    await client.call('getWhoami', { auth: 'none' });
    t.equal(seen.at(-1)!.url, '/api/v2/whoami');
    t.equal(seen.at(-1)!.headers.authorization, undefined);
    await client.call('getWhoami', { auth: { authorization: 'Basic abc' } });
    t.equal(seen.at(-1)!.headers.authorization, 'Basic abc');
    await client.call('getWhoami', { auth: { queryKey: 'a b&c' }, query: { x: 'y' } });
    t.equal(seen.at(-1)!.url, `/api/v2/whoami?x=y&${queryName}=a%20b%26c`);
    await client.call('getWhoami', { headers: { Authorization: 'Bearer other' } });
    t.equal(seen.at(-1)!.headers.authorization, 'Bearer other', 'explicit headers win');
  });

  await t.test('path parameters are percent-encoded', async (t) => {
    await client.call('updateContact', { pathParams: { contactId: 'a/b c?' }, body: { contact: { firstName: 'Zoë' } } });
    const last = seen.at(-1)!;
    t.equal(last.method, 'PUT');
    t.equal(last.url, '/api/v2/contacts/a%2Fb%20c%3F');
    t.equal(last.headers['content-type'], 'application/json');
    t.same(JSON.parse(last.body), { contact: { firstName: 'Zoë' } });
    t.throws(() => fillPath('/contacts/{contactId}', {}));
  });

  await t.test('raw bodies', async (t) => {
    await client.call('createContact', { raw: { body: '{not json' } });
    t.equal(seen.at(-1)!.headers['content-type'], undefined, 'no content type unless given');
    t.equal(seen.at(-1)!.body, '{not json');
    const res = await client.call('createContact', { raw: { body: Buffer.from([0xff, 0x00]), contentType: 'text/plain' } });
    t.equal(seen.at(-1)!.headers['content-type'], 'text/plain');
    t.equal(res.request.bodyEncoding, 'base64');
    t.equal(res.request.body, '/wA=');
  });

  await t.test('HTTP errors are statuses, raw() has no operation', async (t) => {
    const res = await client.raw('DELETE', '/fail');
    t.equal(res.status, 500);
    t.equal(res.error, undefined);
    t.equal(seen.at(-1)!.method, 'DELETE');
    t.equal(seen.at(-1)!.url, '/api/v2/fail');
    t.equal(exchanges.at(-1)![1], undefined);
    const html = await client.raw('GET', '/html');
    t.equal(html.json, undefined);
    t.equal(html.text, '<html>hi</html>');
  });

  await t.test('network failures are responses with status 0', async (t) => {
    const reset = await client.raw('GET', '/reset');
    t.equal(reset.status, 0);
    t.match(reset.error, /socket|ECONNRESET|closed/i);
    const started = Date.now();
    const hang = await client.raw('GET', '/hang');
    t.equal(hang.status, 0);
    t.match(hang.error, /^timeout/);
    t.ok(Date.now() - started < 3000, 'the timeout bounds the wait');
  });

  await t.test('bodies over the limit are cut and marked', async (t) => {
    const big = await client.raw('GET', '/big');
    t.equal(big.status, 200);
    t.equal(big.truncated, true);
    t.equal(big.text.length, 10_000);
    t.ok(big.response.body.length <= 4096, 'recorded body is an excerpt');
    t.equal(big.json, undefined);
  });

  await t.test('counts requests; a stopped run ends requests in flight and refuses new ones', async (t) => {
    const before = client.requestCount;
    await client.call('getWhoami');
    t.equal(client.requestCount, before + 1);
    const inFlight = client.raw('GET', '/hang');
    await new Promise((resolve) => setTimeout(resolve, 20));
    stop.abort();
    const res = await inFlight;
    t.equal(res.status, 0);
    t.match(res.error, /^aborted/, 'a request in flight ends as aborted');
    await t.rejects(client.call('getWhoami'), { name: 'RunStoppedError' }, 'later calls throw');
    t.equal(client.requestCount, before + 2, 'nothing sent after the stop');
  });
});

t.test('garbage instead of HTTP, and a refused connection', async (t) => {
  const contract = await loadContract();
  const garbage = net.createServer((socket) => {
    socket.on('data', () => socket.end('this is not http\r\n\r\n'));
  });
  const port = await listen(garbage);
  const closed = net.createServer();
  const closedPort = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
  const config = { baseUrl: `http://127.0.0.1:${port}/api/v2`, timeoutMs: 1000, concurrency: 1 };
  const dispatcher = createDispatcher(config);
  t.teardown(async () => {
    await dispatcher.destroy();
    await new Promise((resolve) => garbage.close(resolve));
  });
  const client = createApiClient({ contract, config, dispatcher, apiKey: KEY });
  const res = await client.call('getWhoami');
  t.equal(res.status, 0);
  t.ok(res.error, `error: ${res.error}`);
  const refused = createApiClient({ contract, config: { ...config, baseUrl: `http://127.0.0.1:${closedPort}/api/v2` }, dispatcher, apiKey: KEY });
  const none = await refused.call('getWhoami');
  t.equal(none.status, 0);
  t.match(none.error, /ECONNREFUSED/);
});
