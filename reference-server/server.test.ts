import { connect } from 'node:net';
import t from 'tap';
import { resolveConfig } from './config.js';
import { HOME, startServer } from './testing/harness.js';

/** A raw socket that sends `head`, then `drip` every 50 ms; resolves when the server closes it. */
function trickle(url: string, head: string, drip: string): Promise<{ afterMs: number; received: string }> {
  const { hostname, port } = new URL(url);
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.on('data', (chunk) => (received += chunk));
    socket.on('error', () => {});
    socket.write(head);
    const timer = setInterval(() => socket.writable && socket.write(drip), 50);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ afterMs: performance.now() - started, received });
    });
  });
}

t.test('resolveConfig: the D15 defaults, and bad timeouts are refused', async (t) => {
  const config = resolveConfig();
  t.same([config.headersTimeoutMs, config.requestTimeoutMs, config.keepAliveTimeoutMs], [10_000, 30_000, 5_000]);
  t.throws(() => resolveConfig({ headersTimeoutMs: 0 }), /headersTimeoutMs must be a positive integer/);
  t.throws(() => resolveConfig({ keepAliveTimeoutMs: 1.5 }), /keepAliveTimeoutMs/);
  t.throws(() => resolveConfig({ headersTimeoutMs: 2000, requestTimeoutMs: 1000 }), /must not exceed requestTimeoutMs/);
});

t.test('D15: clients trickling headers or a body are cut; a normal client keeps being served', async (t) => {
  const server = await startServer({
    fixtures: false,
    headersTimeoutMs: 300,
    requestTimeoutMs: 600,
    keepAliveTimeoutMs: 200,
  });
  t.teardown(server.close);
  const path = new URL(server.url).pathname;
  t.equal(server.server.server.headersTimeout, 300);
  t.equal(server.server.server.requestTimeout, 600);
  t.equal(server.server.server.keepAliveTimeout, 200);

  const slowHeaders = trickle(server.url, `GET ${path}/whoami HTTP/1.1\r\nHost: test\r\n`, 'X-Slow: 1\r\n');
  const slowBody = trickle(
    server.url,
    `POST ${path}/contacts HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer ${HOME.apiKey}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`,
    ' ',
  );
  // While the body still trickles, ordinary requests are answered. (Counted, not timed: how many
  // fit in the window depends on the machine's load, and one answered is the point.)
  let trickling = true;
  void slowBody.then(() => (trickling = false));
  let served = 0;
  while (trickling) {
    const reply = await server.call('GET', '/whoami');
    if (reply.status === 200 && trickling) served += 1;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const [headers, body] = await Promise.all([slowHeaders, slowBody]);
  t.ok(
    headers.afterMs >= 250 && headers.afterMs < 2000,
    `trickled headers cut after ${Math.round(headers.afterMs)} ms`,
  );
  t.ok(body.afterMs >= 550 && body.afterMs < 2500, `trickled body cut after ${Math.round(body.afterMs)} ms`);
  t.match(headers.received, /^HTTP\/1\.1 408 /, 'Node answers 408 before closing');
  t.notMatch(body.received, /HTTP\/1\.1 20\d/, 'the trickled write was never executed');
  t.ok(served >= 1, `${served} normal requests served while a body trickled`);
  t.equal(
    (await server.call('POST', '/contacts/query', { body: { countOnly: true } })).json.count,
    0,
    'nothing was stored',
  );
  t.equal((await server.call('GET', '/whoami')).status, 200, 'and still served after');
});

t.test('D15: an idle keep-alive connection is closed after keepAliveTimeoutMs', async (t) => {
  const server = await startServer({ fixtures: false, keepAliveTimeoutMs: 200 });
  t.teardown(server.close);
  const path = new URL(server.url).pathname;
  // One complete request, then silence: the server closes the connection (Node adds up to 1 s of slack).
  const idle = await trickle(server.url, `GET ${path}/openapi.json HTTP/1.1\r\nHost: test\r\n\r\n`, '');
  t.match(idle.received, /^HTTP\/1\.1 200 /);
  t.ok(idle.afterMs < 2500, `closed after ${Math.round(idle.afterMs)} ms`);
});
