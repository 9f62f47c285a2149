import { execFileSync } from 'node:child_process';
import t from 'tap';
import { shellQuote, shellWord, toCurl } from './curl.js';
import { runSecrets } from './redact.js';
import type { RecordedRequest } from './types.js';

const KEY = 'cd_demo_riverside_5b1f0c8e2a7d4e96';
const KEY2 = 'cd_demo_northwind_9c3e7a1d6f0b4825';
const secrets = runSecrets(KEY, KEY2);

/** What bash makes of a word: the argument the command would receive. */
function bashArgs(words: string, env: Record<string, string> = {}): string[] {
  const out = execFileSync('bash', ['-c', `for a in ${words}; do printf '%s\\0' "$a"; done`], {
    env: { ...process.env, ...env },
  });
  return out.toString('utf8').split('\0').slice(0, -1);
}

t.test('shellQuote round-trips through bash', async (t) => {
  const cases: Array<[string, string]> = [
    ['plain', 'limit=10'],
    ['empty', ''],
    ['space and quote', `it's a "test" $HOME`],
    ['newline and tab', 'line1\nline2\tend'],
    ['unicode', 'Zoë 日本 😀'],
    ['backslash and quote', "a\\b'c"],
    ['control bytes', '\u0001\u007f'],
    ['hex digit after escape', 'é1a'],
  ];
  for (const [name, text] of cases) {
    t.same(bashArgs(shellQuote(text)), [text], name);
  }
});

t.test('shellWord spells keys as variables', async (t) => {
  const word = shellWord(`Bearer ${KEY}`, secrets);
  t.equal(word, `'Bearer '"$CONTACTDRIVE_API_KEY"`);
  t.notMatch(word, KEY);
  t.same(bashArgs(word, { CONTACTDRIVE_API_KEY: KEY }), [`Bearer ${KEY}`]);
  const both = shellWord(`${KEY}|${KEY2}x`, secrets);
  t.equal(both, `"$CONTACTDRIVE_API_KEY"'|'"$CONTACTDRIVE_API_KEY_2"x`);
});

t.test('toCurl', async (t) => {
  const cases: Array<[string, { given: RecordedRequest; want: string }]> = [
    [
      'GET with bearer',
      {
        given: {
          method: 'GET',
          url: 'http://127.0.0.1:4010/api/v2/contacts?limit=10&offset=0',
          headers: { authorization: `Bearer ${KEY}` },
        },
        want: `curl -sS -i -g 'http://127.0.0.1:4010/api/v2/contacts?limit=10&offset=0' -H 'authorization: Bearer '"$CONTACTDRIVE_API_KEY"`,
      },
    ],
    [
      'query key',
      {
        given: { method: 'GET', url: `http://h/api/v2/whoami?apiKey=${KEY2}`, headers: {} },
        want: `curl -sS -i -g 'http://h/api/v2/whoami?apiKey='"$CONTACTDRIVE_API_KEY_2"`,
      },
    ],
    [
      'JSON body',
      {
        given: {
          method: 'POST',
          url: 'http://h/api/v2/contacts?dryRun=true',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'k1' },
          body: '{"contact":{"firstName":"O\'Brien"}}',
        },
        want: `curl -sS -i -g -X POST 'http://h/api/v2/contacts?dryRun=true' -H 'content-type: application/json' -H 'idempotency-key: k1' --data-binary '{"contact":{"firstName":"O'\\''Brien"}}'`,
      },
    ],
    [
      'raw body without content type',
      {
        given: { method: 'PUT', url: 'http://h/api/v2/contacts/x', headers: {}, body: '{' },
        want: `curl -sS -i -g -X PUT http://h/api/v2/contacts/x -H 'Content-Type:' --data-binary '{'`,
      },
    ],
    [
      'dot segments and empty header',
      {
        given: { method: 'GET', url: 'http://h/api/v2/../v2/whoami', headers: { authorization: '' } },
        want: `curl -sS -i -g --path-as-is http://h/api/v2/../v2/whoami -H 'authorization;'`,
      },
    ],
  ];
  for (const [name, { given, want }] of cases) t.equal(toCurl(given, secrets), want, name);
});

t.test('keys in body and headers are redacted, and the line still parses', async (t) => {
  const request: RecordedRequest = {
    method: 'POST',
    url: `http://h/api/v2/contacts/query?apiKey=${encodeURIComponent(KEY)}`,
    headers: { 'content-type': 'application/json', 'x-echo': KEY2 },
    body: JSON.stringify({ conditions: [{ field: 'notes', op: 'eq', value: `${KEY}\n${KEY2} ü` }] }),
  };
  const line = toCurl(request, secrets);
  t.notMatch(line, KEY);
  t.notMatch(line, KEY2);
  const args = bashArgs(line.replace(/^curl /, ''), { CONTACTDRIVE_API_KEY: KEY, CONTACTDRIVE_API_KEY_2: KEY2 });
  t.equal(args.at(-1), request.body, 'body survives quoting');
  t.ok(args.includes(request.url), 'url survives quoting');
});

t.test('binary and NUL bodies go through base64', async (t) => {
  const line = toCurl({ method: 'POST', url: 'http://h/x', headers: {}, body: 'a\u0000b' }, secrets);
  t.match(line, /--data-binary @<\(printf %s YQBi \| base64 -d\)$/);
  const binary = toCurl(
    {
      method: 'POST',
      url: 'http://h/x',
      headers: {},
      body: Buffer.from([0xff, 0xfe]).toString('base64'),
      bodyEncoding: 'base64',
    },
    secrets,
  );
  t.match(binary, /printf %s \/\/4= \| base64 -d/);
});
