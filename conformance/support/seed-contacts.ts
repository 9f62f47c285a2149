/**
 * Writes a few valid, generated contacts (each with the run tag) for checks
 * that need data to page or search through; `extra` fixes some fields.
 */
import * as fc from 'fast-check';
import { contactFields } from '../generate/contact.js';
import { propertySeed } from '../seed.js';
import type { ApiClient, CheckContext } from '../types.js';
import { createContact, type Contact } from './contacts.js';

/** The new contacts' ids, or undefined when a create failed (already reported). */
export async function seedContacts(
  ctx: CheckContext,
  count: number,
  extra: Contact = {},
  client: ApiClient = ctx.client,
): Promise<string[] | undefined> {
  const seed = propertySeed(ctx.config.seed, 'seed-contacts', JSON.stringify(extra));
  const ids: string[] = [];
  for (const fields of fc.sample(contactFields(ctx), { seed, numRuns: count })) {
    const id = await createContact(ctx, client, { ...fields, ...extra });
    if (!id) return undefined;
    ids.push(id);
  }
  return ids;
}
