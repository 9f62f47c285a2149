/**
 * `POST /contacts?upsertByExternalId=true` (D6): a body sharing an
 * `externalIds` entry with existing contacts updates the oldest of them (list
 * order) with PUT's rule and answers `200 created: false` with its id,
 * creating nothing; a dry run finds the same match (D7); with no match it
 * creates (`201 created: true`); without an `externalIds` entry it is `422`
 * on `contact.externalIds`.
 */
import { NAMES, formatField } from '../../spec/index.js';
import type { ApiResponse, Check } from '../types.js';
import { condition } from '../support/conditions.js';
import { contactDifferences, contactShape, mergedDraft } from '../support/contact-model.js';
import { countTagged, createContact, readContact, uniqueWord } from '../support/contacts.js';
import { errorCode, missesError } from '../support/error-code.js';
import { dryRun, upsert } from '../support/flags.js';
import { listOrderCompare } from '../support/page-order.js';
import { finding } from '../support/finding.js';

const ID = 'upsert-by-external-id';

const dataOf = (r: ApiResponse) => (r.json as { data?: Record<string, unknown> } | undefined)?.data;

export const upsertByExternalId: Check = {
  id: ID,
  description:
    'Upsert by a shared external ID updates the oldest match (200, created false), creates without a match (201), and needs an external ID (422)',
  area: 'data',
  writes: true,
  sharing: 'shared',
  async run(ctx) {
    const ext = contactShape(ctx.contract).externalIds;
    const [system, shared, fresh] = [uniqueWord(ctx, 'sys'), uniqueWord(ctx, 'id'), uniqueWord(ctx, 'id')];
    const field = `${ext}.${system}`;
    const ids = [
      await createContact(ctx, ctx.client, {
        lastName: uniqueWord(ctx),
        organization: 'Kept',
        jobTitle: 'Before',
        [ext]: { [system]: shared, kept: shared },
      }),
      await createContact(ctx, ctx.client, {
        lastName: uniqueWord(ctx),
        organization: 'Kept',
        [ext]: { [system]: shared, other: shared },
      }),
    ];
    const [a, b] = [
      ids[0] && (await readContact(ctx, ctx.client, ids[0])),
      ids[1] && (await readContact(ctx, ctx.client, ids[1])),
    ];
    if (!a || !b) return;
    // The oldest is the first in D2's list order.
    const oldest = listOrderCompare(ctx.contract.listOrder)(a, b) < 0 ? a : b;
    // The body is still a create body: it needs a name or an email even when it will match.
    const changes = {
      lastName: uniqueWord(ctx),
      jobTitle: 'After',
      [ext]: { [system]: shared },
      [NAMES.fields.tags]: [ctx.config.runTag],
    };
    const query = { [upsert(ctx.contract)]: true };

    const preview = await ctx.client.call('createContact', {
      query: { ...query, [dryRun(ctx.contract)]: true },
      body: { contact: changes },
    });
    const would = dataOf(preview);
    if (
      preview.status !== 200 ||
      would?.action !== 'update' ||
      (would.wouldWrite as Record<string, unknown> | undefined)?.[NAMES.fields.id] !== oldest[NAMES.fields.id]
    ) {
      ctx.report(
        finding(
          ID,
          'dry-run',
          `a dry-run upsert matching ${oldest[NAMES.fields.id]} answered ${preview.status} ${preview.text.slice(0, 200)}, expected 200 action "update" on that contact`,
          { operation: 'createContact', response: preview },
        ),
      );
    }
    const matched = await ctx.client.call('createContact', { query, body: { contact: changes } });
    const data = dataOf(matched);
    if (matched.status !== 200 || data?.created !== false || data.contactId !== oldest[NAMES.fields.id]) {
      ctx.report(
        finding(
          ID,
          'match',
          `an upsert sharing ${field} = ${shared} with ${a[NAMES.fields.id]} (older) and ${b[NAMES.fields.id]} answered ${matched.status} ${matched.text.slice(0, 200)}, expected 200 created: false on ${oldest[NAMES.fields.id]}`,
          { operation: 'createContact', response: matched },
        ),
      );
    }
    const after = await readContact(ctx, ctx.client, oldest[NAMES.fields.id] as string);
    const diff = after ? contactDifferences(ctx, mergedDraft(ctx.contract, oldest, changes), after) : [];
    if (diff.length)
      ctx.report(
        finding(ID, 'merged', `the upserted contact is not the PUT merge of the body: ${diff.join('; ')}`, {
          operation: 'createContact',
          response: matched,
        }),
      );
    const count = await countTagged(ctx, ctx.client, [condition(ctx.contract, field, 'eq', shared)]);
    if (count !== undefined && count !== 2)
      ctx.report(
        finding(
          ID,
          'created-on-match',
          `after an upsert that matched, ${count} contacts have ${field} = ${shared}, expected 2`,
          { operation: 'createContact' },
        ),
      );

    const created = await ctx.client.call('createContact', {
      query,
      body: {
        contact: { lastName: uniqueWord(ctx), [ext]: { [system]: fresh }, [NAMES.fields.tags]: [ctx.config.runTag] },
      },
    });
    if (created.status !== 201 || dataOf(created)?.created !== true)
      ctx.report(
        finding(
          ID,
          'no-match',
          `an upsert matching nothing answered ${created.status} ${created.text.slice(0, 200)}, expected 201 created: true`,
          { operation: 'createContact', response: created },
        ),
      );

    for (const [what, contact] of [
      ['no externalIds', { lastName: 'x', [NAMES.fields.tags]: [ctx.config.runTag] }],
      ['empty externalIds', { lastName: 'x', [ext]: {}, [NAMES.fields.tags]: [ctx.config.runTag] }],
    ] as const) {
      const r = await ctx.client.call('createContact', { query, body: { contact } });
      const why = missesError(r, errorCode(ctx.contract, 'validation'), formatField(['contact', ext]));
      if (why)
        ctx.report(
          finding(ID, `requires:${what}`, `an upsert with ${what}: ${why}`, {
            operation: 'createContact',
            response: r,
          }),
        );
    }
  },
};
