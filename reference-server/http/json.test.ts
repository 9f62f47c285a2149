import t from 'tap';
import { HOME, startServer } from '../testing/harness.js';
import { illFormedAt, parseJson } from './json.js';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
/** The bytes the hardening probe sent: invalid lead bytes, a bad continuation, an encoded surrogate. */
const PROBE = [0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80];

// D14: [name, body bytes, field of the 422, or undefined when the body parses]
const cases: Array<[string, Buffer, string | undefined]> = [
  ['the probe bytes inside a string', bytes('{"contact":{"lastName":"', PROBE, '"}}'), 'body'],
  ['an overlong encoding of "/"', bytes('{"contact":{"lastName":"', [0xc0, 0xaf], '"}}'), 'body'],
  [
    'a UTF-8 encoded surrogate (CESU-8)',
    bytes('{"contact":{"lastName":"', [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80], '"}}'),
    'body',
  ],
  ['a truncated sequence at the end', bytes('{"contact":{"lastName":"x"}}', [0xe2, 0x82]), 'body'],
  ['Latin-1 text', bytes('{"contact":{"lastName":"Jos', [0xe9], '"}}'), 'body'],
  ['a lone high surrogate escape', bytes(String.raw`{"contact":{"firstName":"\ud800"}}`), 'contact.firstName'],
  ['a lone low surrogate escape', bytes(String.raw`{"contact":{"tags":["ok","x\uDC00"]}}`), 'contact.tags[1]'],
  ['a reversed pair', bytes(String.raw`{"contact":{"notes":"\ude00\ud83d"}}`), 'contact.notes'],
  ['a lone surrogate in a key', bytes(String.raw`{"contact":{"\ud800":"x"}}`), 'contact'],
  ['a lone surrogate in a top-level key', bytes(String.raw`{"\udfff":1}`), 'body'],
  [
    'deep inside arrays',
    bytes(`{"conditions":[{"field":"tags","op":"in","value":["a",${'['.repeat(50)}"\\ud800"${']'.repeat(50)}]}]}`),
    `conditions[0].value[1]${'[0]'.repeat(50)}`,
  ],
  ['a paired escape', bytes(String.raw`{"contact":{"firstName":"\ud83d\ude00"}}`), undefined],
  ['an astral character as UTF-8', bytes('{"contact":{"firstName":"😀"}}'), undefined],
  ['an escaped backslash before "ud800"', bytes(String.raw`{"contact":{"notes":"\\ud800"}}`), undefined],
  ['a byte order mark', bytes([0xef, 0xbb, 0xbf], '{"contact":{}}'), undefined],
  ['U+FFFD sent as it is', bytes('{"contact":{"notes":"\ufffd"}}'), undefined],
];
for (const [name, body, field] of cases) {
  t.test(`parseJson: ${name}`, async (t) => {
    const parsed = parseJson(body);
    if (field === undefined) t.ok(parsed.ok, JSON.stringify(parsed));
    else
      t.same(parsed.ok ? parsed : parsed.error, {
        code: 'VALIDATION_ERROR',
        field,
        message: parsed.ok ? '' : parsed.error.message,
      });
  });
}

t.test('illFormedAt walks a body nested past any stack', async (t) => {
  const depth = 200_000;
  const deep = JSON.parse(`${'['.repeat(depth)}"\\ud800"${']'.repeat(depth)}`);
  t.equal(illFormedAt(deep)?.length, depth);
  t.equal(illFormedAt(JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)), undefined);
});

t.test('over HTTP: refused with 422 and nothing stored', async (t) => {
  const server = await startServer({ fixtures: false });
  t.teardown(server.close);
  const headers = { 'content-type': 'application/json' };
  const count = async () =>
    (await server.call('POST', '/contacts/query', { body: { countOnly: true } })).json.count as number;
  const created = await server.call('POST', '/contacts', { raw: bytes('{"contact":{"lastName":"Ok"}}'), headers });
  t.equal(created.status, 201);
  const id = created.json.data.contactId as string;
  // JSON text comes before the schema (D14), so each is refused whatever the operation.
  for (const [name, body, field] of cases) {
    if (field === undefined) continue;
    for (const [method, path] of [
      ['POST', '/contacts'],
      ['POST', '/contacts?upsertByExternalId=true'],
      ['PUT', `/contacts/${id}`],
    ]) {
      const reply = await server.call(method!, path!, {
        raw: body,
        headers: { ...headers, 'idempotency-key': 'same-key' },
      });
      t.same([reply.status, reply.json?.error?.field], [422, field], `${method} ${path} with ${name}`);
    }
  }
  t.equal(await count(), 1, 'no contact was created');
  const [stored] = (await server.call('GET', '/contacts', { key: HOME.apiKey })).json;
  t.equal(stored.lastName, 'Ok', 'and none was changed');
});
