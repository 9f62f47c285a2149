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
  const out = createRedactor(runSecrets(odd))({ a: `?apiKey=${encodeURIComponent(odd)}`, b: `?apiKey=key+with%2Fslash%2Bplus` });
  t.same(out, { a: '?apiKey=$CONTACTDRIVE_API_KEY', b: '?apiKey=$CONTACTDRIVE_API_KEY' });
});
