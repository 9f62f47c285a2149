import { connect } from 'node:net';
import { Readable } from 'node:stream';
import t from 'tap';
import { request } from 'undici';
import { HOME, recordingLogger, startServer } from '../testing/harness.js';

const server = await startServer({ fixtures: false });
t.teardown(server.close);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reply read by path
const envelope = (reply: { json: any }) => reply.json?.error;
const json = { 'content-type': 'application/json' };

// D9: [name, raw body, headers, status, code, field]
const bodies: Array<[string, string | Buffer, Record<string, string>, number, string, string | undefined]> = [
  ['malformed JSON', '{"contact":', json, 422, 'VALIDATION_ERROR', 'body'],
  ['empty body', '', json, 422, 'VALIDATION_ERROR', 'body'],
  ['a JSON array', '[]', json, 422, 'VALIDATION_ERROR', 'body'],
  ['a JSON string', '"contact"', json, 422, 'VALIDATION_ERROR', 'body'],
  ['JSON null', 'null', json, 422, 'VALIDATION_ERROR', 'body'],
  ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), json, 422, 'VALIDATION_ERROR', 'body'],
  ['no contact', '{}', json, 422, 'VALIDATION_ERROR', 'contact'],
  ['contact not an object', '{"contact":[]}', json, 422, 'VALIDATION_ERROR', 'contact'],
  ['a bad email', '{"contact":{"email":"nope"}}', json, 422, 'VALIDATION_ERROR', 'contact.email'],
  [
    'an unknown contact key',
    '{"contact":{"firstName":"a","shoeSize":1}}',
    json,
    422,
    'VALIDATION_ERROR',
    'contact.shoeSize',
  ],
  [
    '__proto__ is data',
    '{"contact":{"firstName":"a","__proto__":{"admin":true}}}',
    json,
    422,
    'VALIDATION_ERROR',
    'contact.__proto__',
  ],
  [
    'constructor is data',
    '{"contact":{"firstName":"a","constructor":1}}',
    json,
    422,
    'VALIDATION_ERROR',
    'contact.constructor',
  ],
  ['__proto__ at the top', '{"__proto__":{},"contact":{"firstName":"a"}}', json, 422, 'VALIDATION_ERROR', '__proto__'],
  [
    'a tag with outer spaces',
    '{"contact":{"firstName":"a","tags":[" x"]}}',
    json,
    422,
    'VALIDATION_ERROR',
    'contact.tags[0]',
  ],
  [
    'absurd nesting',
    `{"contact":{"lastName":"a","notes":${'['.repeat(100000)}${']'.repeat(100000)}}}`,
    json,
    422,
    'VALIDATION_ERROR',
    'contact.notes',
  ],
  [
    'absurd nesting where anything goes',
    `{"contact":{"lastName":"a","_id":${'{"a":'.repeat(100000)}1${'}'.repeat(100000)}}}`,
    json,
    201,
    '',
    undefined,
  ],
  [
    'text/plain',
    '{"contact":{"firstName":"a"}}',
    { 'content-type': 'text/plain' },
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    'Content-Type',
  ],
  [
    'a form',
    'contact=1',
    { 'content-type': 'application/x-www-form-urlencoded' },
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    'Content-Type',
  ],
  ['no Content-Type with a body', '{"contact":{"firstName":"a"}}', {}, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type'],
  [
    'charset parameter',
    '{"contact":{"firstName":"a"}}',
    { 'content-type': 'application/json; charset=utf-8' },
    201,
    '',
    undefined,
  ],
  [
    'a +json type',
    '{"contact":{"firstName":"a"}}',
    { 'content-type': 'application/vnd.contactdrive+json' },
    201,
    '',
    undefined,
  ],
  ['upper-case type', '{"contact":{"firstName":"a"}}', { 'content-type': 'APPLICATION/JSON' }, 201, '', undefined],
  ['a byte order mark', '\ufeff{"contact":{"firstName":"a"}}', json, 201, '', undefined],
  [
    'unicode everywhere',
    String.raw`{"contact":{"firstName":"\ud83d\ude00 \u0000 \u202e","notes":"\ufffd\uffff"}}`,
    json,
    201,
    '',
    undefined,
  ],
  [
    'a lone surrogate escape (D14)',
    String.raw`{"contact":{"firstName":"a","notes":"\ud800"}}`,
    json,
    422,
    'VALIDATION_ERROR',
    'contact.notes',
  ],
  [
    'a string over its bound',
    `{"contact":{"lastName":"a","firstName":"${'x'.repeat(201)}"}}`,
    json,
    422,
    'VALIDATION_ERROR',
    'contact.firstName',
  ],
];
for (const [name, raw, headers, status, code, field] of bodies) {
  t.test(`POST /contacts, ${name}: ${status}`, async (t) => {
    const reply = await server.call('POST', '/contacts', { raw, headers });
    t.equal(reply.status, status, reply.text.slice(0, 200));
    if (code) t.same(envelope(reply), { code, message: envelope(reply).message, ...(field ? { field } : {}) });
    t.match(reply.headers['content-type'], /^application\/json/);
  });
}

t.test('a huge unknown key names the nearest input that fits the envelope', async (t) => {
  const reply = await server.call('POST', '/contacts', {
    raw: `{"contact":{"firstName":"a","${'k'.repeat(5000)}":1}}`,
    headers: json,
  });
  t.equal(reply.status, 422);
  t.equal(envelope(reply).field, 'contact');
  t.ok(envelope(reply).message.length <= 2000);
});

t.test('413: over maxBodyBytes, declared or streamed; the server carries on', async (t) => {
  const limit = server.server.parts.contract.limits.maxBodyBytes;
  const big = Buffer.alloc(limit + 1, 0x20);
  const declared = await server.call('POST', '/contacts', { raw: big, headers: json });
  t.equal(declared.status, 413);
  t.same(envelope(declared), { code: 'PAYLOAD_TOO_LARGE', message: envelope(declared).message, field: 'body' });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const streamed = await request(`${server.url}/contacts`, {
    method: 'POST',
    headers: { ...json, authorization: `Bearer ${HOME.apiKey}` },
    body: Readable.from(
      (function* () {
        for (let i = 0; i < 40; i++) yield chunk;
      })(),
    ),
  });
  t.equal(streamed.statusCode, 413);
  t.equal(((await streamed.body.json()) as { error: { code: string } }).error.code, 'PAYLOAD_TOO_LARGE');
  const exact = await server.call('POST', '/contacts', {
    raw: Buffer.concat([Buffer.from('{"contact":{"firstName":"a"}}'), Buffer.alloc(limit - 29, 0x20)]),
    headers: json,
  });
  t.equal(exact.status, 201, 'exactly the limit is fine');
  t.equal((await server.call('GET', '/whoami')).status, 200);
});

t.test('a client that resets mid-body does not take the server down', async (t) => {
  const { hostname, port } = new URL(server.url);
  await new Promise<void>((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `POST /api/v2/contacts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${HOME.apiKey}\r\n` +
          'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"contact":',
        () => {
          socket.resetAndDestroy();
          resolve();
        },
      );
    });
    socket.on('error', reject);
  });
  t.equal((await server.call('GET', '/whoami')).status, 200);
});

// [name, method, path, status, code, allow]
const routes: Array<[string, string, string, number, string, string | undefined]> = [
  ['unknown route', 'GET', '/nope', 404, 'NOT_FOUND', undefined],
  ['outside the base path', 'GET', '/../whoami', 404, 'NOT_FOUND', undefined],
  ['a mounted path outside the contract (D13)', 'GET', '/webhooks', 404, 'NOT_FOUND', undefined],
  ['trailing slash', 'GET', '/contacts/', 404, 'NOT_FOUND', undefined],
  ['DELETE a contact (D13)', 'DELETE', '/contacts/cd_x', 405, 'METHOD_NOT_ALLOWED', 'PUT'],
  ['GET a contact (D13)', 'GET', '/contacts/cd_x', 405, 'METHOD_NOT_ALLOWED', 'PUT'],
  ['PATCH the list', 'PATCH', '/contacts', 405, 'METHOD_NOT_ALLOWED', 'GET, POST'],
  ['OPTIONS', 'OPTIONS', '/whoami', 405, 'METHOD_NOT_ALLOWED', 'GET'],
  ['GET the query', 'GET', '/contacts/query', 405, 'METHOD_NOT_ALLOWED', 'POST'],
];
for (const [name, method, path, status, code, allow] of routes) {
  t.test(`${name}: ${method} ${path} is ${status}`, async (t) => {
    const reply = await server.call(method, path, { key: null });
    t.equal(reply.status, status);
    t.equal(envelope(reply).code, code, 'routing comes before auth (D9)');
    t.equal(reply.headers.allow, allow);
  });
}

t.test('an unexpected exception is a logged 500 envelope and the server keeps serving', async (t) => {
  const logger = recordingLogger();
  const broken = await startServer({
    fixtures: false,
    logger,
    faults: ['whoami-throws'],
    faultCatalogue: [
      {
        name: 'whoami-throws',
        area: 'envelope',
        description: 'GET /whoami throws',
        apply: (parts) => ({
          ...parts,
          handlers: {
            ...parts.handlers,
            getWhoami: {
              writes: false,
              run: () => {
                throw new Error('boom');
              },
            },
          },
        }),
      },
    ],
  });
  t.teardown(broken.close);
  const reply = await broken.call('GET', '/whoami');
  t.equal(reply.status, 500);
  t.same(envelope(reply), { code: 'INTERNAL_ERROR', message: envelope(reply).message });
  t.equal(logger.errors.length, 1);
  t.match(String(logger.errors[0]), /boom/);
  t.equal((await broken.call('GET', '/workspace')).status, 200);
});
