/**
 * A key cannot change another workspace's contacts (D12): a PUT by key B on
 * key A's contact is `404 NOT_FOUND` (dry run too, D7) and leaves it
 * unchanged; an upsert by B carrying A's external ID matches nothing in B's
 * workspace, so it creates B's own contact (D6) and leaves A's alone. Under
 * --read-only only the dry runs are sent, against a contact A already has.
 */
import type { Check, CheckContext } from '../types.js';
import { createContact, readContact, tagged, uniqueWord, type Contact } from '../support/contacts.js';
import { errorCode, missesError } from '../support/error-code.js';
import { fetchPage, idsOf, pagers } from '../support/paging.js';
import { dryRun, upsert as upsertFlag } from '../support/flags.js';
import { finding } from '../support/finding.js';

const ID = 'isolation-writes';
const SYSTEM = 'conformance';

type Data = { data?: { contactId?: unknown; workspaceId?: unknown; created?: unknown; action?: unknown } };

/** Key A's contact to aim at: a new one, or under --read-only the first one it lists. */
async function targetContact(ctx: CheckContext): Promise<Contact | undefined> {
  if (!ctx.config.readOnly) {
    const word = uniqueWord(ctx, 'isw');
    const externalIds = ctx.contract.names.fields.externalIds;
    const cdId = await createContact(ctx, ctx.client, { lastName: word, [externalIds]: { [SYSTEM]: `isw-${word}` } });
    return cdId ? ((await readContact(ctx, ctx.client, cdId)) ?? undefined) : undefined;
  }
  const list = pagers(ctx).find((p) => p.operation.id === 'listContacts')!;
  const [first] = idsOf((await fetchPage(ctx.client, list, 1, undefined)).json);
  return first ? ((await readContact(ctx, ctx.client, first)) ?? undefined) : undefined;
}

export const isolationWrites: Check = {
  id: ID,
  description:
    "Another key's PUT is 404 and changes nothing; its upsert on a shared external ID creates its own contact",
  area: 'isolation',
  writes: true,
  sharing: 'shared',
  readOnlyFallback: true,
  needsSecondKey: true,
  async run(ctx) {
    const b = ctx.secondClient!;
    let before = await targetContact(ctx);
    if (!before) return ctx.note("key A's workspace has no contact to aim at");
    const { fields, query: params } = ctx.contract.names;
    const [dry, byExternalId] = [dryRun(ctx.contract, 'updateContact'), upsertFlag(ctx.contract)];
    const cdId = String(before[fields.id]);

    const notFound = errorCode(ctx.contract, 'notFound');
    const change = { contact: tagged(ctx, { firstName: 'Intruder' }) };
    const puts: Array<[string, Record<string, boolean>]> = [['put dry run', { [dry]: true }]];
    if (!ctx.config.readOnly) puts.push(['put', {}]);
    for (const [what, query] of puts) {
      const response = await b.call('updateContact', { pathParams: { contactId: cdId }, query, body: change });
      const problem = missesError(response, notFound);
      if (problem)
        ctx.report(finding(ID, what, `key B's ${what} on key A's contact ${cdId}: ${problem}`, { response }));
    }

    // What key B's PUTs left: a change is theirs. Later changes are judged from here.
    const afterPuts = await readContact(ctx, ctx.client, cdId);
    if (afterPuts && JSON.stringify(afterPuts) !== JSON.stringify(before)) {
      ctx.report(
        finding(
          ID,
          'changed',
          `key A's contact ${cdId} changed after key B's PUT: ${JSON.stringify(before)} became ${JSON.stringify(afterPuts)}`,
        ),
      );
    }
    const beforeControl = afterPuts ?? before;
    before = beforeControl;

    const [system, externalId] = Object.entries((before[fields.externalIds] ?? {}) as Record<string, string>)[0] ?? [];
    const shared = system
      ? idsOf(
          (
            await b.call('searchContacts', {
              query: { [params.externalId]: externalId, [params.externalSystem]: system },
            })
          ).json,
        )
      : [];
    if (system && shared.length === 0) {
      const upsert = {
        contact: tagged(ctx, { lastName: 'Isolation', [fields.externalIds]: { [system]: externalId } }),
      };
      // The control: in A's own workspace the same upsert matches A's contact (D6), or the next step proves nothing.
      const own = await ctx.client.call('createContact', {
        query: { [byExternalId]: true, [dry]: true },
        body: upsert,
      });
      const ownData = (own.json as Data | undefined)?.data as
        | { action?: unknown; wouldWrite?: { cdId?: unknown } }
        | undefined;
      if (own.status !== 200 || ownData?.action !== 'update') {
        ctx.report(
          finding(
            ID,
            'control:upsert',
            `key A's dry-run upsert with its own contact's external ID answered ${own.status} with action ${JSON.stringify(ownData?.action)}; it should match ${cdId} and update it`,
            { response: own },
          ),
        );
      }
      // A change now is the control's own doing (a dry run that writes, D7), not key B's: say so, and judge B from here.
      const afterControl = await readContact(ctx, ctx.client, cdId);
      if (afterControl && JSON.stringify(afterControl) !== JSON.stringify(beforeControl)) {
        ctx.report(
          finding(
            ID,
            'control:dry-run-wrote',
            `key A's own dry-run upsert changed its contact ${cdId} (a dry run writes nothing, D7): ${JSON.stringify(beforeControl)} became ${JSON.stringify(afterControl)}`,
            { response: own },
          ),
        );
        before = afterControl;
      }
      const preview = await b.call('createContact', { query: { [byExternalId]: true, [dry]: true }, body: upsert });
      const action = (preview.json as Data | undefined)?.data?.action;
      if (preview.status !== 200 || action !== 'create') {
        ctx.report(
          finding(
            ID,
            'upsert dry run',
            `key B's dry-run upsert with key A's external ID answered ${preview.status} with action ${JSON.stringify(action)}; B's workspace has no match, so it would create`,
            { response: preview },
          ),
        );
      }
      if (!ctx.config.readOnly) {
        const made = await b.call('createContact', { query: { [byExternalId]: true }, body: upsert });
        const data = (made.json as Data | undefined)?.data;
        if (
          made.status !== 201 ||
          data?.created !== true ||
          data.contactId === cdId ||
          data.workspaceId !== ctx.secondWorkspace?.workspaceId
        ) {
          ctx.report(
            finding(
              ID,
              'upsert',
              `key B's upsert with key A's external ID answered ${made.status} ${made.text.slice(0, 200)}; expected 201 creating a contact in B's workspace (${ctx.secondWorkspace?.workspaceId})`,
              { response: made },
            ),
          );
        }
      }
    } else ctx.note("key A's contact has no external ID that key B's workspace lacks: upserts not tried");

    const after = await readContact(ctx, ctx.client, cdId);
    if (after !== undefined && JSON.stringify(after) !== JSON.stringify(before)) {
      ctx.report(
        finding(
          ID,
          'changed',
          `key A's contact ${cdId} changed after key B's upserts: ${JSON.stringify(before)} became ${JSON.stringify(after)}`,
        ),
      );
    }
  },
};
