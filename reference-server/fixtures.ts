/**
 * Demo contacts from `<fixtures>/contacts.json`, loaded through the same build
 * and insert path as POST /contacts. Each entry carries its workspace, cdId and
 * createdAt and a `contact` in write format. A contact already in the database
 * (a persistent `--db` file) is left as it is.
 */
import { readFileSync } from 'node:fs';
import { CONTACT, CUSTOM_FIELDS } from './contacts/model.js';
import type { Parts } from './parts.js';

interface FixtureEntry {
  workspaceId: string;
  cdId: string;
  createdAt: string;
  contact: Record<string, unknown>;
}

export async function loadFixtureContacts(file: string, parts: Parts): Promise<number> {
  const entries = JSON.parse(readFileSync(file, 'utf8')) as FixtureEntry[];
  if (!Array.isArray(entries)) throw new Error(`${file}: expected an array of contacts`);
  const { contract } = parts;
  const checkBody = contract.compile(contract.schemas.CreateContactRequest!);
  const checkId = contract.compile(contract.schemas.ContactIdValue!);
  // In list order, so the rows go in in the order the store serves them fastest.
  const sorted = [...entries].sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.cdId < b.cdId ? -1 : a.cdId > b.cdId ? 1 : 0,
  );
  let loaded = 0;
  // One lock for every process loading them at once: the first loads, the others find them there.
  await parts.storage.write(async () => {
    for (const [i, entry] of sorted.entries()) {
      const where = `${file}: entry ${i} (${entry?.cdId})`;
      const workspace = parts.workspaces.byId(entry?.workspaceId);
      if (!workspace) throw new Error(`${where}: unknown workspace ${entry?.workspaceId}`);
      if (!checkId(entry.cdId)) throw new Error(`${where}: bad cdId`);
      const createdAt = new Date(entry.createdAt);
      if (Number.isNaN(createdAt.getTime())) throw new Error(`${where}: bad createdAt`);
      if (!checkBody({ [CONTACT]: entry.contact })) throw new Error(`${where}: ${JSON.stringify(checkBody.errors)}`);
      const customFields = entry.contact[CUSTOM_FIELDS];
      const custom = parts.validateCustomFields(workspace, customFields, [CONTACT, CUSTOM_FIELDS]);
      if (custom) throw new Error(`${where}: ${custom.message}`);
      if (await parts.store.findById(null, entry.cdId)) continue;
      const draft = parts.contacts.build(entry.contact, workspace.workspaceId, workspace.user.userId);
      const at = createdAt.toISOString();
      await parts.store.insert({ ...draft, cdId: entry.cdId, createdAt: at, updatedAt: at });
      loaded++;
    }
  }, 'fixtures');
  return loaded;
}
