/**
 * Seeds a reference-server database with many contacts, fast: one transaction,
 * the server's own prepared insert path (contact model + contact store), and
 * `synchronous = OFF` while loading (a throwaway benchmark file).
 */
import { loadContract } from '../spec/index.js';
import { createContactModel } from '../reference-server/contacts/model.js';
import { createSqliteContacts } from '../reference-server/store/sqlite/contacts.js';
import { openDatabase, POSITION_INDEX } from '../reference-server/store/sqlite/database.js';

const FIRST = [
  'Jane',
  'John',
  'Amara',
  'Kwame',
  'Zoë',
  'Diego',
  'Lena',
  'Ahmed',
  'Mei',
  'Noah',
  'Chloé',
  'Björn',
  'Priya',
  'Kenji',
  'Lucas',
  'Sofia',
  'Omar',
  'Ines',
  'Yuki',
  'Fatima',
  'Liam',
  'Emma',
  'Mateo',
  'Ava',
  'Ravi',
  'Nora',
  'Ivan',
  'Hana',
  'Tariq',
  'Elif',
];
const LAST = [
  'Doe',
  'Smith',
  'Ivanova',
  'Silva',
  'Müller',
  'Lindqvist',
  'Schmidt',
  'García',
  'Kim',
  'Haddad',
  'Al-Sayed',
  'Fernández',
  'Okafor',
  'Nguyen',
  'Rossi',
  'Dubois',
  'Kowalski',
  'Tanaka',
  'Patel',
  'Cohen',
  'Jensen',
  'Moreau',
  'Novak',
  'Sato',
  'Costa',
];
const ORGS = [
  'Globex',
  'Initech',
  'Acme',
  'Umbrella Health',
  'Stark Foundation',
  'Wayne Trust',
  'Hooli',
  'Vandelay Industries',
  'Soylent',
  'Tyrell',
  'Cyberdyne',
  'Wonka',
  'Gringotts',
  'Oceanic',
  'Massive Dynamic',
];
const TITLES = [
  'Engineer',
  'Board Member',
  'Account Executive',
  'Program Manager',
  'CFO',
  'Volunteer Lead',
  'Director',
  'Analyst',
];
const TAGS = ['donor', 'volunteer', 'newsletter', 'event-2026', 'board', 'lead', 'customer', 'partner'];
const LEVELS = ['bronze', 'silver', 'gold', 'platinum'];

/** A small deterministic PRNG, so every run seeds the same contacts. */
function mulberry32(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const ascii = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[^A-Za-z-]/g, '')
    .toLowerCase();

export interface SeedResult {
  contacts: number;
  seconds: number;
}

export async function seedContacts(
  path: string,
  workspaceId: string,
  userId: string,
  count: number,
): Promise<SeedResult> {
  const started = performance.now();
  const contract = await loadContract();
  const model = createContactModel(contract);
  let db = openDatabase(path);
  db.pragma('synchronous = OFF');
  // Secondary indexes are cheaper built once at the end than kept up row by row; all but the one
  // each insert reads its workspace's next position from.
  const indexes = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND name <> ?")
    .pluck()
    .all(POSITION_INDEX) as string[];
  for (const name of indexes) db.exec(`DROP INDEX "${name}"`);
  const store = createSqliteContacts(db, model.searchText, contract.listOrder);
  const random = mulberry32(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const base = Date.parse('2020-01-01T00:00:00.000Z');
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const firstName = pick(FIRST);
      const lastName = pick(LAST);
      const fields: Record<string, unknown> = {
        firstName,
        lastName,
        email: `${ascii(firstName)}.${ascii(lastName)}.${i}@example.org`,
        primaryPhone: `+1 555 ${String(i % 1000).padStart(3, '0')} ${String(Math.floor(random() * 10000)).padStart(4, '0')}`,
        organization: pick(ORGS),
        jobTitle: pick(TITLES),
        tags: [...new Set([pick(TAGS), pick(TAGS)])].slice(0, Math.floor(random() * 3)),
        externalIds: i % 2 === 0 ? { salesforce: `SF${String(i).padStart(8, '0')}` } : {},
        customFields: { donor_level: pick(LEVELS), lifetime_giving: Math.floor(random() * 10000) },
      };
      const draft = model.build(fields, workspaceId, userId);
      const at = new Date(base + i * 1000).toISOString();
      // SQLite's statements are synchronous: the insert is done when the call returns.
      void store.insert({ ...draft, cdId: `cd_bench_${String(i).padStart(8, '0')}`, createdAt: at, updatedAt: at });
    }
  })();
  db.close();
  db = openDatabase(path); // recreates the dropped indexes
  db.exec(`INSERT INTO contacts_fts (contacts_fts) VALUES ('optimize')`); // one segment: faster prefix queries
  db.exec('ANALYZE');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { contacts: count, seconds: (performance.now() - started) / 1000 };
}
