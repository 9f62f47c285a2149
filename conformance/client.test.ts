import { getEventListeners } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import * as fc from 'fast-check';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { loadContract, type OperationSpec } from '../spec/index.js';
import {
  createApiClient,
  createDispatcher,
  fillPath,
  incompleteResponse,
  RECORDED_BODY_CHARS,
  TRUNCATED_TEXT_BYTES,
  UnsendableValueError,
  unrequestedEncoding,
} from './client.js';
import { FAKE_KEY } from './testing/fake-target.js';
import { HUGE_BODY_BYTES, startHostileTarget } from './testing/hostile-target.js';
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
    await client.call('updateContact', {
      pathParams: { contactId: 'a/b c?' },
      body: { contact: { firstName: 'Zoë' } },
    });
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
    const res = await client.call('createContact', {
      raw: { body: Buffer.from([0xff, 0x00]), contentType: 'text/plain' },
    });
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

  await t.test("the request target is the URL parser's reading of the URL", async (t) => {
    // Dot segments, characters the parser percent-encodes or drops, and ones it keeps as they are.
    const piece = fc.constantFrom(
      ...['a', 'Z', '9', '/', '.', '..', '%', '%2e', '%2E', '%41', '-', '_', '~', "'", '#', '?', '&', '=', '+', '@'],
      ...[':', ';', ',', '*', '!', '$', '(', ')', ' ', '"', '<', '>', '`', '{', '}', '^', '|', '\\', '[', ']', '\t'],
      ...['é', '😀'],
    );
    const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(text, fc.option(text, { nil: undefined }), async (path, q) => {
        const res = await client.raw('GET', path, q === undefined ? {} : { query: { q } });
        const want = new URL(res.request.url);
        t.equal(seen.at(-1)!.url, `${want.pathname}${want.search}`, JSON.stringify({ path, q }));
      }),
      { numRuns: 80, seed: 7 },
    );
    await client.call('getWhoami', { query: { q: "it's" } });
    t.equal(seen.at(-1)!.url, '/api/v2/whoami?q=it%27s', 'a quote in the query is sent percent-encoded');
  });

  await t.test('a URL the parser refuses is a failed exchange, not a throw', async (t) => {
    const before = client.requestCount;
    const res = await client.raw('GET', 'http://[not-a-host/whoami');
    t.equal(res.status, 0);
    t.match(res.error, /Invalid URL/);
    t.equal(client.requestCount, before + 1);
    t.equal(exchanges.at(-1)![0], res, 'the listener sees it');
  });

  await t.test('bodies over the limit are cut and marked', async (t) => {
    const big = await client.raw('GET', '/big');
    t.equal(big.status, 200);
    t.equal(big.truncated, true);
    t.equal(big.text.length, 10_000, 'text holds the start, up to the limit');
    t.ok(big.response.body.length <= 4096, 'recorded body is an excerpt');
    t.equal(big.json, undefined);
  });

  await t.test("a value no URL or header can carry is the suite's bug, found before sending", async (t) => {
    const cases: Array<[string, () => Promise<unknown>, RegExp]> = [
      [
        'a query value',
        () => client.call('listContacts', { query: { limit: 'ab\ud800' } }),
        /query limit holds a lone surrogate \(U\+D800 at index 2\): "ab\\ud800"/,
      ],
      [
        'one of a repeated query value',
        () => client.call('listContacts', { query: { tag: ['ok', '\udfff'] } }),
        /query tag holds a lone surrogate/,
      ],
      [
        'a query name',
        () => client.call('listContacts', { query: { ['x\ud83d']: 1 } }),
        /query parameter name holds a lone surrogate/,
      ],
      [
        'a query key',
        () => client.call('getWhoami', { auth: { queryKey: '\ud800' } }),
        new RegExp(`query ${contract.security.queryKeyName} holds a lone surrogate`),
      ],
      [
        'a path parameter',
        () => client.call('updateContact', { pathParams: { contactId: 'cd_\udc00' }, body: {} }),
        /path parameter contactId holds a lone surrogate/,
      ],
      ['a raw path', () => client.raw('GET', '/contacts/\ud800'), /path holds a lone surrogate/],
      [
        'a header with CR LF',
        () => client.call('getWhoami', { headers: { 'X-Note': 'a\r\nInjected: 1' } }),
        /header x-note holds a CR or LF \(at index 1\)/,
      ],
      [
        'a header outside Latin-1',
        () => client.call('getWhoami', { headers: { 'Idempotency-Key': 'key-€' } }),
        /header idempotency-key holds U\+20AC, outside Latin-1/,
      ],
      [
        'a header with a lone surrogate',
        () => client.call('getWhoami', { auth: { authorization: 'Bearer \ud800' } }),
        /header authorization holds a lone surrogate/,
      ],
      [
        'a header with NUL',
        () => client.call('getWhoami', { headers: { 'x-note': 'a\u0000' } }),
        /header x-note holds the control character U\+0000/,
      ],
      [
        'a header name',
        () => client.call('getWhoami', { headers: { 'bad name': 'x' } }),
        /header name is not an HTTP token/,
      ],
    ];
    for (const [name, send, message] of cases) {
      const before = { seen: seen.length, count: client.requestCount, exchanges: exchanges.length };
      const error = await send().then(
        () => undefined,
        (e: unknown) => e,
      );
      t.type(error, UnsendableValueError, name);
      t.match((error as Error).message, /^the suite generated a value that cannot be sent: /, name);
      t.match((error as Error).message, message, name);
      t.match((error as Error).message, /a bug in the suite, not in the target$/, name);
      t.same(
        { seen: seen.length, count: client.requestCount, exchanges: exchanges.length },
        before,
        `${name}: nothing sent or recorded`,
      );
    }
    t.throws(() => fillPath('/contacts/{contactId}', { contactId: '\ud800' }), UnsendableValueError);

    // Well-formed text is sent as it is: a surrogate pair in a URL, Latin-1 in a header.
    const res = await client.call('listContacts', { query: { q: 'a😀' }, headers: { 'x-note': 'café' } });
    t.equal(res.status, 200);
    t.equal(seen.at(-1)!.url, '/api/v2/contacts?q=a%F0%9F%98%80');
    t.equal(seen.at(-1)!.headers['x-note'], 'café');
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
  const refused = createApiClient({
    contract,
    config: { ...config, baseUrl: `http://127.0.0.1:${closedPort}/api/v2` },
    dispatcher,
    apiKey: KEY,
  });
  const none = await refused.call('getWhoami');
  t.equal(none.status, 0);
  t.match(none.error, /ECONNREFUSED/);
});

t.test('hostile transports end within the time limit and say what happened', async (t) => {
  const contract = await loadContract();
  const hostile = await startHostileTarget({ dripMs: 20 });
  const config = { baseUrl: hostile.url, timeoutMs: 300, concurrency: 2 };
  const dispatcher = createDispatcher(config);
  t.teardown(async () => {
    await dispatcher.destroy();
    await hostile.close();
  });
  const client = createApiClient({ contract, config, dispatcher, apiKey: FAKE_KEY });
  const timed = async (path: string) => {
    const started = performance.now();
    const res = await client.raw('GET', path);
    return { res, ms: performance.now() - started };
  };

  const stalled = await timed('/hostile/stall-body');
  t.equal(stalled.res.status, 200, 'the status line arrived');
  t.match(stalled.res.error, /^timeout: no complete response within 300 ms/);
  t.ok(stalled.ms < 2000, `bounded: ${Math.round(stalled.ms)} ms`);
  t.match(incompleteResponse(stalled.res), /^the 200 response stalled mid-body after 22 bytes: timeout/);

  // Each byte comes well within the idle timeout: only the whole request's limit ends it.
  const drip = await timed('/hostile/drip');
  t.equal(drip.res.status, 200);
  t.match(drip.res.error, /^timeout/);
  t.ok(drip.ms < 2000, `bounded: ${Math.round(drip.ms)} ms`);

  const cut = await client.raw('GET', '/hostile/cut-body');
  t.equal(cut.status, 200);
  t.match(cut.error, /ECONNRESET|UND_ERR_SOCKET/);
  t.match(
    incompleteResponse(cut),
    /^the 200 response was cut off mid-body after 22 of 88 bytes: (ECONNRESET|UND_ERR_SOCKET)/,
  );
  t.equal(cut.json, undefined, 'a partial body is not parsed');

  const short = await client.raw('GET', '/hostile/short-body');
  t.equal(short.status, 200);
  t.ok(short.error, `error: ${short.error}`);
  t.match(incompleteResponse(short), /cut off mid-body after 22 of 88 bytes/);

  const refused = { status: 0, error: 'ECONNREFUSED: connect ECONNREFUSED' };
  t.equal(incompleteResponse(refused), 'no HTTP response arrived (ECONNREFUSED: connect ECONNREFUSED)');
  t.equal(incompleteResponse({ status: 200 }), undefined, 'a complete response has no headline');
  t.match(
    incompleteResponse({ status: 200, error: 'aborted: the run was stopped' }),
    /^the request was stopped before a complete response/,
  );

  const gzip = await client.call('getWhoami');
  t.equal(gzip.status, 200, 'the preflight routes answer plainly');
  t.equal(unrequestedEncoding(gzip), undefined);
  const coded = await client.raw('GET', '/hostile/gzip');
  t.equal(coded.headers['content-encoding'], 'gzip', 'the body arrives as sent, not decoded');
  t.equal(coded.request.headers['accept-encoding'], undefined, 'the client asks for no coding');
  t.equal(coded.json, undefined);
  t.equal(unrequestedEncoding(coded), 'gzip-encoded though the request did not ask for it (no Accept-Encoding)');
  const asked = (headers: Record<string, string>, coding: string) =>
    unrequestedEncoding({ status: 200, headers: { 'content-encoding': coding }, request: { headers } });
  t.equal(asked({ 'accept-encoding': 'gzip, br' }, 'gzip'), undefined, 'an asked-for coding is fine');
  t.equal(asked({ 'accept-encoding': '*' }, 'br'), undefined);
  t.equal(
    asked({ 'accept-encoding': 'br' }, 'gzip'),
    'gzip-encoded though the request did not ask for it (Accept-Encoding: br)',
  );
  t.equal(asked({}, 'identity'), undefined, 'identity is no coding');
});

t.test('endless and huge bodies: the read stops at the limit and memory stays bounded', async (t) => {
  const contract = await loadContract();
  const hostile = await startHostileTarget();
  const config = { baseUrl: hostile.url, timeoutMs: 5000, concurrency: 4 };
  const dispatcher = createDispatcher(config);
  t.teardown(async () => {
    await dispatcher.destroy();
    await hostile.close();
  });
  const client = createApiClient({ contract, config, dispatcher, apiKey: FAKE_KEY });
  // Findings and checks keep responses; keeping them all here is the worst case.
  const kept: ApiResponse[] = [];
  const started = performance.now();
  const before = process.memoryUsage().rss;
  for (let round = 0; round < 20; round++) {
    kept.push(
      ...(await Promise.all(
        ['endless', 'huge', 'endless', 'huge'].map((kind) => client.raw('GET', `/hostile/${kind}`)),
      )),
    );
  }
  const growth = (process.memoryUsage().rss - before) / 1024 / 1024;
  const ms = performance.now() - started;
  for (const res of kept) {
    t.equal(res.status, 200);
    t.equal(res.error, undefined);
    t.equal(res.truncated, true);
    t.ok(res.text.length <= TRUNCATED_TEXT_BYTES, 'an oversized body keeps only its start');
    t.ok(res.response.body.length <= RECORDED_BODY_CHARS);
  }
  t.equal(
    kept.find((res) => res.headers['content-length'] === String(HUGE_BODY_BYTES))?.truncated,
    true,
    'the 500 MB body was cut',
  );
  t.ok(
    hostile.bytesSent < 80 * 8 * 1024 * 1024,
    `read about the limit of each body, not all of it: ${Math.round(hostile.bytesSent / 1024 / 1024)} MiB sent`,
  );
  t.ok(growth < 100, `rss grew ${growth.toFixed(1)} MiB over 80 oversized bodies`);
  t.ok(ms < 20_000, `bounded: ${Math.round(ms)} ms`);
});

// A request's time limit counts from when it is sent, not from when a check asked for it: more
// requests at once than connections must not time out on a server that answers each in time.
t.test('requests queued behind the pool do not spend their time limit waiting', async (t) => {
  const contract = await loadContract();
  const slow = http.createServer((_req, res) => {
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    }, 40);
  });
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  const config = {
    baseUrl: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/api/v2`,
    timeoutMs: 200,
    concurrency: 1,
  };
  const dispatcher = createDispatcher(config);
  t.teardown(async () => {
    await dispatcher.destroy();
    slow.closeAllConnections();
    await new Promise((resolve) => slow.close(resolve));
  });
  const client = createApiClient({ contract, config, dispatcher, apiKey: FAKE_KEY });
  const answers = await Promise.all(Array.from({ length: 10 }, () => client.raw('GET', '/slow')));
  t.same(
    answers.map((a) => a.error),
    Array(10).fill(undefined),
    'ten requests over one connection, 40 ms each, each within 200 ms',
  );
  t.ok(
    answers.every((a) => a.response.durationMs < 200),
    'and each one timed from when it was sent',
  );
});

// One timer serves a client's time limits and one listener the run's stop: each request still
// ends at its own limit, never before, and the stop ends every request in flight of every client.
t.test('time limits of overlapping requests, and one stop for many clients', async (t) => {
  const contract = await loadContract();
  const server = http.createServer((req, res) => {
    if (req.url!.endsWith('/hang')) return;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  const port = await listen(server);
  const config = { baseUrl: `http://127.0.0.1:${port}/api/v2`, timeoutMs: 300, concurrency: 8 };
  const dispatcher = createDispatcher(config);
  t.teardown(async () => {
    await dispatcher.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const stop = new AbortController();
  const clients = Array.from({ length: 3 }, () =>
    createApiClient({ contract, config, dispatcher, apiKey: FAKE_KEY, signal: stop.signal }),
  );
  const [first] = clients as [ReturnType<typeof createApiClient>];
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  const hung = [first.raw('GET', '/hang')];
  await sleep(100);
  t.equal((await first.raw('GET', '/fine')).status, 200, 'a request that answers in between is unaffected');
  hung.push(first.raw('GET', '/hang'));
  await sleep(100);
  hung.push(first.raw('GET', '/hang'));
  const ended = await Promise.all(hung);
  for (const [i, res] of ended.entries()) {
    t.equal(res.status, 0, `request ${i}`);
    t.match(res.error, /^timeout: no complete response within 300 ms/, `request ${i}`);
    t.ok(res.response.durationMs >= 299, `request ${i} ran its whole limit: ${res.response.durationMs} ms`);
    t.ok(res.response.durationMs < 2000, `request ${i} ended near its limit: ${res.response.durationMs} ms`);
  }

  const inFlight = clients.flatMap((client) => [client.raw('GET', '/hang'), client.raw('GET', '/hang')]);
  await sleep(20);
  t.equal(getEventListeners(stop.signal, 'abort').length, 1, 'one listener on the stop signal for every request');
  const started = performance.now();
  stop.abort();
  const stopped = await Promise.all(inFlight);
  t.same(
    stopped.map((res) => [res.status, res.error]),
    Array(6).fill([0, 'aborted: the run was stopped']),
    'the stop ends the requests of every client',
  );
  t.ok(performance.now() - started < 200, 'at once, not at their time limit');
});
