/**
 * System-managed and read-only fields (`x-system-managed` in `ContactFields`:
 * `workspaceId`, `createdBy`, `_id`, `cdId`, `fullname`, `createdAt`,
 * `updatedAt`) are accepted and ignored on create and PUT (D6): a body
 * forging them is accepted, the contact stays in the key's workspace (and is
 * not visible to the second key when the forged workspace is the second
 * one), keeps the id the server minted, a derived `fullname` and real
 * timestamps, and a forged `cdId` naming another contact leaves that one alone.
 */
import { NAMES, type JsonSchema } from '../../spec/index.js';
import type { Check, CheckContext } from '../types.js';
import { condition } from '../support/conditions.js';
import { contactShape } from '../support/contact-model.js';
import { createContact, queryContacts, readContact, uniqueWord, type Contact } from '../support/contacts.js';
import { exchange } from '../support/finding.js';

const ID = 'update-ignores-system-fields';
const FORGED_INSTANT = '2001-02-03T04:05:06.000Z';

/** A value for every system-managed field: the other contact's id, the other workspace, an old instant, junk. */
function forged(ctx: CheckContext, otherId: string): Contact {
  const write = (ctx.contract.schemas.ContactFields as { properties: Record<string, JsonSchema> }).properties;
  const read = (ctx.contract.schemas.ContactDraft as { properties: Record<string, JsonSchema> }).properties;
  const out: Contact = {};
  for (const [k, s] of Object.entries(write)) {
    if (!s['x-system-managed']) continue;
    if (read[k]?.format === 'date-time') out[k] = FORGED_INSTANT;
    else if (read[k] === undefined && /workspace/i.test(k))
      out[k] = ctx.secondWorkspace?.workspaceId ?? 'forged-workspace';
    else if (read[k]?.pattern !== undefined) out[k] = otherId;
    else out[k] = `forged ${k}`;
  }
  return out;
}

function problems(ctx: CheckContext, c: Contact, id: string, names: string): string[] {
  const shape = contactShape(ctx.contract);
  const out: string[] = [];
  if (c[NAMES.fields.id] !== id) out.push(`${NAMES.fields.id} is ${JSON.stringify(c[NAMES.fields.id])}, not ${id}`);
  if (c[shape.fullname] !== names)
    out.push(`${shape.fullname} is ${JSON.stringify(c[shape.fullname])}, not ${JSON.stringify(names)}`);
  for (const k of [NAMES.fields.createdAt, NAMES.fields.updatedAt])
    if (c[k] === FORGED_INSTANT) out.push(`${k} took the forged value`);
  return out;
}

export const updateIgnoresSystemFields: Check = {
  id: ID,
  description:
    'Forged system-managed fields (workspaceId, createdBy, _id, cdId, fullname, timestamps) are accepted and ignored on create and PUT',
  area: 'data',
  writes: true,
  sharing: 'shared',
  async run(ctx) {
    const victimName = uniqueWord(ctx);
    const victim = await createContact(ctx, ctx.client, { lastName: victimName });
    const before = victim ? await readContact(ctx, ctx.client, victim) : undefined;
    if (!victim || !before) return;
    const lastName = uniqueWord(ctx);
    const id = await createContact(ctx, ctx.client, { lastName, ...forged(ctx, victim) });
    if (!id) return;
    const created = await readContact(ctx, ctx.client, id);
    const found = created ? problems(ctx, created, id, lastName) : [`not found by its ${NAMES.fields.id}`];
    if (id === victim) found.push(`the create reused the forged ${NAMES.fields.id} of an existing contact`);
    if (found.length)
      ctx.report({
        severity: 'error',
        operation: 'createContact',
        key: `${ID}:create`,
        message: `a create forging system fields: ${found.join('; ')}`,
      });

    const put = await ctx.client.call('updateContact', {
      pathParams: { contactId: id },
      body: { contact: { jobTitle: 'Forger', ...forged(ctx, victim) } },
    });
    const after = await readContact(ctx, ctx.client, id);
    const changed =
      put.status !== 200
        ? [`answered ${put.status} ${put.text.slice(0, 200)}`]
        : after
          ? problems(ctx, after, id, lastName)
          : ['the contact is gone from this workspace'];
    if (after && after[NAMES.fields.createdAt] !== created?.[NAMES.fields.createdAt])
      changed.push(`${NAMES.fields.createdAt} moved`);
    if (changed.length)
      ctx.report({
        severity: 'error',
        operation: 'updateContact',
        key: `${ID}:update`,
        message: `a PUT forging system fields: ${changed.join('; ')}`,
        ...exchange(put),
      });

    const victimAfter = await readContact(ctx, ctx.client, victim);
    if (victimAfter && JSON.stringify(victimAfter) !== JSON.stringify(before)) {
      ctx.report({
        severity: 'error',
        operation: 'updateContact',
        key: `${ID}:victim`,
        message: `writes forging ${NAMES.fields.id} ${victim} changed that contact: ${JSON.stringify(victimAfter).slice(0, 300)}`,
      });
    }
    if (ctx.secondClient && ctx.secondWorkspace) {
      const leaked = await queryContacts(ctx, ctx.secondClient, [condition(ctx.contract, 'lastName', 'eq', lastName)]);
      if (leaked?.length)
        ctx.report({
          severity: 'error',
          operation: 'queryContacts',
          key: `${ID}:workspace`,
          message: `a contact written with workspaceId ${ctx.secondWorkspace.workspaceId} forged is visible to that workspace's key`,
        });
    }
  },
};
