/**
 * Writes a few contacts for checks that need data to page or search through.
 * Every one carries the run tag.
 */
import type { CheckContext, ApiClient } from '../types.js';

export async function seedContacts(ctx: CheckContext, count: number, extra: Record<string, unknown> = {}, client: ApiClient = ctx.client): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const contact = { lastName: `Seed ${i}`, ...extra, tags: [ctx.config.runTag] };
    const response = await client.call('createContact', { body: { contact } });
    const id = (response.json as { data?: { contactId?: unknown } } | undefined)?.data?.contactId;
    if (response.status !== 201 || typeof id !== 'string') {
      throw new Error(`could not create a contact to work with: ${response.status} ${response.text.slice(0, 200)}`);
    }
    ids.push(id);
  }
  return ids;
}
