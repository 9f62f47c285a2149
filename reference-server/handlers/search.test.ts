import t from 'tap';
import { createContact, OTHER, startServer } from '../testing/harness.js';

// D4 over HTTP, against a small known set.
let clock = Date.parse('2026-01-01T00:00:00.000Z');
const server = await startServer({ fixtures: false, now: () => clock });
t.teardown(server.close);

const people: Record<string, Record<string, unknown>> = {
  A: {
    firstName: 'Jane',
    lastName: 'Doe',
    email: 'jane.doe@example.com',
    tags: ['donor'],
    externalIds: { salesforce: 'SF-1' },
  },
  B: {
    firstName: 'Zoë',
    lastName: "O'Brien",
    organization: 'Acme Widgets',
    jobTitle: 'Head of Sales',
    externalIds: { hubspot: 'SF-1' },
  },
  C: { firstName: 'Janet', primaryPhone: '+1 555 970 2471', notes: 'jane knows everyone', tags: ['board-member'] },
};
const letterOf = new Map<string, string>();
for (const [letter, contact] of Object.entries(people)) {
  letterOf.set(await createContact(server, contact), letter);
  clock += 1000;
}
await createContact(
  server,
  { firstName: 'Jane', lastName: 'Elsewhere', externalIds: { salesforce: 'SF-1' } },
  OTHER.apiKey,
);

const cases: Array<[string, string, string]> = [
  ['a word prefix', 'q=jan', 'AC'],
  ['case-insensitive', 'q=JANE', 'AC'],
  ['every term must match', 'q=jane%20doe', 'A'],
  ['terms match in any field, any order', 'q=doe%20jane', 'A'],
  ['words split at punctuation in email', 'q=exam', 'A'],
  ['the email domain is words too', 'q=com', 'A'],
  ['not a substring inside a word', 'q=ane', ''],
  ['organization and job title', 'q=widg%20sal', 'B'],
  ['non-ASCII letters', 'q=zo%C3%AB', 'B'],
  ['a word after an apostrophe', 'q=brien', 'B'],
  ['phone digits', 'q=970', 'C'],
  ['tags', 'q=donor', 'A'],
  ['a tag split at a hyphen', 'q=member', 'C'],
  ['notes are not searched', 'q=knows', ''],
  ['a term with punctuation starts no word', 'q=jane.doe', ''],
  ['quotes in a term are harmless', 'q=%22jane', ''],
  ['FTS syntax is only text', 'q=jane%20OR%20zoe', ''],
  ['an asterisk is only text', 'q=*', ''],
  ['externalId under any system', 'externalId=SF-1', 'AB'],
  ['externalId narrowed by system', 'externalId=SF-1&externalSystem=hubspot', 'B'],
  ['externalSystem alone is ignored', 'q=jane&externalSystem=hubspot', 'AC'],
  ['q and externalId together (AND)', 'q=jane&externalId=SF-1', 'A'],
  ['paging', 'q=jan&limit=1&offset=1', 'C'],
];
for (const [name, query, want] of cases) {
  t.test(`${name}: ?${query}`, async (t) => {
    const reply = await server.call('GET', `/contacts/search?${query}`);
    t.equal(reply.status, 200, reply.text);
    t.equal(reply.json.map((contact: { cdId: string }) => letterOf.get(contact.cdId) ?? '?').join(''), want);
  });
}

const invalid: Array<[string, string, string]> = [
  ['neither q nor externalId', '', 'q'],
  ['only paging', 'limit=5', 'q'],
  ['an empty q', 'q=', 'q'],
  ['a blank q', 'q=%20%20', 'q'],
  ['a q over 200 characters', `q=${'a'.repeat(201)}`, 'q'],
  ['q twice', 'q=a&q=b', 'q'],
  ['a bad system', 'externalId=x&externalSystem=Bad%20System', 'externalSystem'],
  ['an externalId with outer spaces', 'externalId=%20x', 'externalId'],
];
for (const [name, query, field] of invalid) {
  t.test(`422: ${name}`, async (t) => {
    const reply = await server.call('GET', `/contacts/search?${query}`);
    t.equal(reply.status, 422);
    t.equal(reply.json.error.field, field);
  });
}

t.test('results come in list order, whether or not rows were inserted in that order', async (t) => {
  const inOrder = (contacts: Array<{ createdAt: string; cdId: string }>) =>
    contacts.every(
      (c, i) =>
        i === 0 ||
        contacts[i - 1]!.createdAt < c.createdAt ||
        (contacts[i - 1]!.createdAt === c.createdAt && contacts[i - 1]!.cdId < c.cdId),
    );
  for (const clock of [() => Date.now(), () => Date.parse('2020-01-01T00:00:00Z')]) {
    const s = await startServer({ now: clock });
    t.teardown(s.close);
    const early = await createContact(s, { firstName: 'Globex', organization: 'Globex' });
    const all = await s.call('GET', '/contacts/search?q=globex&limit=100');
    t.ok(all.json.length > 2);
    t.ok(inOrder(all.json), `ordered (clock ${new Date(clock()).toISOString()})`);
    t.ok(all.json.some((c: { cdId: string }) => c.cdId === early));
    const pages = [];
    for (let offset = 0; offset < all.json.length; offset += 2) {
      pages.push(...(await s.call('GET', `/contacts/search?q=globex&limit=2&offset=${offset}`)).json);
    }
    t.same(pages, all.json, 'pages walk the same order');
  }
});
