import t from 'tap';
import { loadContract } from '../../spec/index.js';
import { inListOrder, searchChange, searchMatches, undefinedSlug } from './reads.js';
import { emptyModel, type ModelContact } from './world.js';

const contract = await loadContract();
const record = {
  cdId: 'c1',
  firstName: 'Élise',
  lastName: 'Жанна',
  fullname: 'Élise Жанна',
  email: 'jean@example.com',
  notes: 'secretword',
  tags: ['vipx', 'gold'],
  externalIds: { salesforce: 'A', hubspot: 'B' },
};

// [name, search, expected]: D4 over the spec's x-search-fields.
const searches: Array<[string, Parameters<typeof searchMatches>[2], boolean]> = [
  ['a word prefix in another case (non-ASCII)', { q: 'éL' }, true],
  ['a Cyrillic prefix in another case', { q: 'жан' }, true],
  ['a word inside an email', { q: 'exam' }, true],
  ['a tag is searched', { q: 'vip' }, true],
  ['not a prefix of any word', { q: 'lise' }, false],
  ['notes are not searched', { q: 'secret' }, false],
  ['every term must match', { q: 'élise nothing' }, false],
  ['a term with punctuation starts no word', { q: 'jean@' }, false],
  ['an external ID under any system', { externalId: 'B' }, true],
  ['an external ID under the given system', { externalId: 'A', externalSystem: 'salesforce' }, true],
  ['an external ID under another system', { externalId: 'A', externalSystem: 'hubspot' }, false],
  ['externalId and q together', { externalId: 'A', q: 'gold' }, true],
];
for (const [name, search, want] of searches) {
  t.test(name, async (t) => t.equal(searchMatches(contract, record, search), want));
}

t.test('undefined slugs are found by index (D3)', async (t) => {
  const workspace = { workspaceId: 'w', customFields: [{ slug: 'donor_level', type: 'string' as const }] };
  t.equal(undefinedSlug(contract, workspace, [{ field: 'customFields.donor_level', op: 'exists', value: true }]), -1);
  t.equal(
    undefinedSlug(contract, workspace, [
      { field: 'tags', op: 'exists', value: true },
      { field: 'customFields.lead_score', op: 'eq', value: 1 },
    ]),
    1,
  );
});

t.test('list order is x-list-order; contacts not yet read come last (D2)', async (t) => {
  const model = emptyModel();
  const contact = (cdId: string, createdAt?: string): ModelContact => {
    const step = { n: 1, label: 'create' };
    return {
      cdId,
      space: 'first',
      record: { cdId, ...(createdAt ? { createdAt } : {}) },
      createdStep: 1,
      writtenBy: step,
      touchedBy: step,
      fresh: false,
    };
  };
  model.contacts.first.push(
    contact('cd_b', '2026-01-01T00:00:00.000Z'),
    contact('cd_new'),
    contact('cd_a', '2026-01-01T00:00:00.000Z'),
    contact('cd_0', '2025-12-31T23:59:59.999Z'),
  );
  t.same(
    inListOrder(contract, model, 'first').map((c) => c.cdId),
    ['cd_0', 'cd_a', 'cd_b', 'cd_new'],
  );
});

t.test('a write adds and removes words and external-ID entries', async (t) => {
  const after = { ...record, lastName: 'Ann', fullname: 'Élise Ann', externalIds: { salesforce: 'A', hubspot: 'C' } };
  const change = searchChange(contract, record, after);
  t.same(change.words, ['Ann', 'Ann']);
  t.same(change.gone, ['Жанна', 'Жанна']);
  t.same(change.ids, [['hubspot', 'C']]);
});
