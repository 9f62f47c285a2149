import t from 'tap';
import { createRedactor, runSecrets } from './redact.js';

const KEY = 'cd_demo_riverside_5b1f0c8e2a7d4e96';
const KEY2 = 'cd_demo_northwind_9c3e7a1d6f0b4825';

t.test('redacts both keys everywhere in a value', async (t) => {
  const redact = createRedactor(runSecrets(KEY, KEY2));
  const given = {
    url: `http://h/api/v2/whoami?apiKey=${KEY}`,
    headers: { authorization: `Bearer ${KEY2}`, [`x-${KEY}`]: 'v' },
    list: [`${KEY.toUpperCase()} shouted`, 42, null, true],
    nested: { body: JSON.stringify({ key: KEY2 }) },
  };
  const out = createRedactor(runSecrets(KEY, KEY2))(given);
  const text = JSON.stringify(out);
  t.notMatch(text, KEY);
  t.notMatch(text, KEY2);
  t.notMatch(text.toLowerCase(), KEY.toLowerCase());
  t.equal(out.url, 'http://h/api/v2/whoami?apiKey=$CONTACTDRIVE_API_KEY');
  t.equal(out.headers.authorization, 'Bearer $CONTACTDRIVE_API_KEY_2');
  t.equal(out.list[0], '[redacted] shouted');
  t.same(out.list.slice(1), [42, null, true]);
  t.equal(given.url.includes(KEY), true, 'the input is not modified');
  t.equal(redact('nothing secret'), 'nothing secret');
});

t.test('URL-encoded spellings are redacted', async (t) => {
  const odd = 'key with/slash+plus';
  const out = createRedactor(runSecrets(odd))({
    a: `?apiKey=${encodeURIComponent(odd)}`,
    b: `?apiKey=key+with%2Fslash%2Bplus`,
  });
  t.same(out, { a: '?apiKey=$CONTACTDRIVE_API_KEY', b: '?apiKey=$CONTACTDRIVE_API_KEY' });
});

t.test('near misses of a key (as the auth checks send them) are redacted too', async (t) => {
  const redact = createRedactor(runSecrets(KEY, KEY2));
  const misses = [KEY.slice(0, -1), `${KEY.slice(0, -1)}x`, `x${KEY.slice(1)}`, `${KEY}z`, KEY2.slice(0, -2)];
  const out = redact(misses.map((m) => `curl -H 'authorization: Bearer ${m}'`));
  for (const line of out) {
    t.notMatch(line, KEY.slice(0, 20), line);
    t.notMatch(line, KEY2.slice(0, 20), line);
  }
  t.equal(
    redact(`prefix ${KEY.slice(0, 8)} only`),
    `prefix ${KEY.slice(0, 8)} only`,
    'a short run of key characters is ordinary text',
  );
});
