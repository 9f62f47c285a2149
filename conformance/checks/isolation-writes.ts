/**
 * A key cannot change another workspace's contacts (D12): a PUT by key B on
 * key A's contact is `404 NOT_FOUND` (dry run too, D7) and leaves it
 * unchanged; an upsert by B carrying A's external ID matches nothing in B's
 * workspace, so it creates B's own contact (D6) and leaves A's alone.
 */
import type { ApiResponse, Check } from '../types.js';
import { createContact, readContact, tagged, uniqueWord } from '../support/contacts.js';
import { errorCode, missesError } from '../support/error-code.js';
import { DRY_RUN } from '../support/well-formed.js';

const ID = 'isolation-writes';
const SYSTEM = 'conformance';
const UPSERT = 'upsertByExternalId';

type Data = { data?: { contactId?: unknown; workspaceId?: unknown; created?: unknown; action?: unknown } };

export const isolationWrites: Check = {
  id: ID,
  description: "Another key's PUT is 404 and changes nothing; its upsert on a shared external ID creates its own contact",
  area: 'isolation',
  writes: true,
  needsSecondKey: true,
  async run(ctx) {
    const [a, b] = [ctx.client, ctx.secondClient!];
    const word = uniqueWord(ctx, 'isw');
    const externalIds = { [SYSTEM]: `isw-${word}` };
    const cdId = await createContact(ctx, a, { lastName: word, externalIds });
    if (!cdId) return;
    const before = await readContact(ctx, a, cdId);
    if (!before) return;
    const report = (what: string, response: ApiResponse | undefined, message: string) =>
      ctx.report({ severity: 'error', key: `${ID}:${what}`, message, ...(response ? { request: response.request, response: response.response } : {}) });

    const notFound = errorCode(ctx.contract, 'NOT_FOUND');
    const change = { contact: tagged(ctx, { firstName: 'Intruder' }) };
    for (const [what, query] of [['put', {}], ['put dry run', { [DRY_RUN]: true }]] as const) {
      const response = await b.call('updateContact', { pathParams: { contactId: cdId }, query, body: change });
      const problem = missesError(response, notFound);
      if (problem) report(what, response, `key B's ${what} on key A's contact ${cdId}: ${problem}`);
    }

    const upsert = { contact: tagged(ctx, { lastName: `${word} b`, externalIds }) };
    const preview = await b.call('createContact', { query: { [UPSERT]: true, [DRY_RUN]: true }, body: upsert });
    const action = (preview.json as Data | undefined)?.data?.action;
    if (preview.status !== 200 || action !== 'create') {
      report('upsert dry run', preview, `key B's dry-run upsert with key A's external ID answered ${preview.status} with action ${JSON.stringify(action)}; B's workspace has no match, so it would create`);
    }
    const made = await b.call('createContact', { query: { [UPSERT]: true }, body: upsert });
    const data = (made.json as Data | undefined)?.data;
    if (made.status !== 201 || data?.created !== true || data.contactId === cdId || data.workspaceId !== ctx.secondWorkspace?.workspaceId) {
      report('upsert', made, `key B's upsert with key A's external ID answered ${made.status} ${made.text.slice(0, 200)}; expected 201 creating a contact in B's workspace (${ctx.secondWorkspace?.workspaceId})`);
    }

    const after = await readContact(ctx, a, cdId);
    if (after !== undefined && JSON.stringify(after) !== JSON.stringify(before)) {
      report('changed', undefined, `key A's contact ${cdId} changed after key B's writes: ${JSON.stringify(before)} became ${JSON.stringify(after)}`);
    }
  },
};
