/**
 * POST /contacts/query agrees with D3 on every operator: a small set of
 * contacts is created with generated values (a few shared, so conditions
 * match several), then generated conditions are asked of the set (ANDed with
 * the set's unique marker tag, so other data never matters). The ids returned
 * (in list order) and the countOnly count must equal an in-memory evaluation
 * of D3 over what was written.
 */
import * as fc from 'fast-check';
import { NAMES } from '../../spec/index.js';
import type { Check, CheckContext, FindingInput } from '../types.js';
import { contactFields, contactOptions } from '../generate/contact.js';
import { condition, type Condition } from '../support/conditions.js';
import { contactShape, expectedDraft } from '../support/contact-model.js';
import { createContact, readContact, uniqueWord, type Contact } from '../support/contacts.js';
import { caseAmbiguous, fieldValue, matches } from '../support/query-model.js';
import { conditionArbitrary } from '../support/query-conditions.js';
import { listOrderCompare } from '../support/page-order.js';
import { workspaceSchemas } from '../generate/workspace-schemas.js';
import { exchange } from '../support/finding.js';

const ID = 'query-operators';
const SET_SIZE = 6;
/** Conditions asked at the least: about five per operator. */
const MIN_RUNS = 60;

/** Writes the set; each contact as the contract says it is stored, with the target's id and timestamps. */
async function writeSet(ctx: CheckContext, marker: string): Promise<Contact[] | undefined> {
  const drafts = fc.sample(contactFields(ctx), { numRuns: SET_SIZE, seed: ctx.config.seed });
  const shared = contactShape(ctx.contract).standard;
  const creatable = ctx.contract.compile(workspaceSchemas(ctx.contract, ctx.workspace).createRequest);
  drafts.forEach((d, i) => {
    // Neighbours share a field, so equality and membership match more than one contact, unless the
    // copy would make the draft one the contract refuses (an empty name copied over its only name).
    const key = shared[i % shared.length]!;
    const copy = drafts[i - 1]?.[key];
    if (copy !== undefined && key !== 'email' && creatable({ contact: { ...d, [key]: copy } })) d[key] = copy;
    d[NAMES.fields.tags] = [...(d[NAMES.fields.tags] as string[]), marker];
  });
  const set: Contact[] = [];
  for (const draft of drafts) {
    const id = await createContact(ctx, ctx.client, draft);
    const read = id ? await readContact(ctx, ctx.client, id) : undefined;
    if (!read) return undefined;
    const { id: idField, createdAt, updatedAt } = NAMES.fields;
    set.push({
      ...expectedDraft(ctx.contract, draft),
      [idField]: id,
      [createdAt]: read[createdAt],
      [updatedAt]: read[updatedAt],
    });
  }
  return set.sort(listOrderCompare(ctx.contract.listOrder));
}

/** Case folding of `İ`, `ß` and the like differs between implementations; such probes prove nothing. */
function ambiguous(ctx: CheckContext, set: Contact[], c: Condition): boolean {
  if (c.op !== 'contains' && c.op !== 'startsWith') return false;
  const texts = [c.value, ...set.map((x) => fieldValue(ctx.contract, x, c.field))].filter(
    (v): v is string => typeof v === 'string',
  );
  return texts.some(caseAmbiguous);
}

async function ask(
  ctx: CheckContext,
  set: Contact[],
  marker: Condition,
  conditions: Condition[],
): Promise<FindingInput | undefined> {
  if (conditions.some((c) => ambiguous(ctx, set, c))) return undefined;
  const want = set.filter((x) => conditions.every((c) => matches(ctx.contract, x, c))).map((x) => x[NAMES.fields.id]);
  const limit = (ctx.contract.schemas.PageLimit as { maximum: number }).maximum;
  const body = { conditions: [marker, ...conditions], limit };
  const r = await ctx.client.call('queryContacts', { body });
  const at = { operation: 'queryContacts', ...exchange(r) };
  const shown = conditions.map((c) => `${c.field} ${c.op} ${JSON.stringify(c.value)}`).join(' AND ');
  const ops = [...new Set(conditions.map((c) => c.op))].sort().join('+');
  if (r.status !== 200 || !Array.isArray(r.json))
    return {
      severity: 'error',
      key: `${ID}:status:${ops}`,
      message: `query ${shown} answered ${r.status}, expected 200 with a list`,
      ...at,
    };
  const got = (r.json as Contact[]).map((x) => x[NAMES.fields.id]);
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    return {
      severity: 'error',
      key: `${ID}:results:${ops}`,
      message: `query ${shown} over the run's ${set.length} contacts returned ${JSON.stringify(got)}, D3 says ${JSON.stringify(want)} (in list order)`,
      ...at,
    };
  }
  const counted = await ctx.client.call('queryContacts', { body: { ...body, countOnly: true } });
  const count = (counted.json as { count?: unknown } | undefined)?.count;
  if (counted.status !== 200 || count !== want.length) {
    return {
      severity: 'error',
      key: `${ID}:count:${ops}`,
      operation: 'queryContacts',
      message: `countOnly for ${shown} answered ${counted.status} ${counted.text.slice(0, 100)}, expected { count: ${want.length} }`,
      ...exchange(counted),
    };
  }
  return undefined;
}

export const queryOperators: Check = {
  id: ID,
  description:
    'Every query operator on every applicable field returns exactly the contacts D3 says, in list order, and countOnly agrees',
  area: 'data',
  writes: true,
  sharing: 'shared',
  async run(ctx) {
    const word = uniqueWord(ctx);
    const set = await writeSet(ctx, word);
    if (!set) return;
    const marker = condition(ctx.contract, NAMES.fields.tags, 'contains', word);
    const arbitrary = fc.array(conditionArbitrary(ctx, set, contactOptions(ctx)), { minLength: 1, maxLength: 2 });
    // Enough conditions, even on a small budget, that each operator is asked about several times.
    await ctx.property({
      name: 'conditions',
      arbitrary,
      predicate: (conditions) => ask(ctx, set, marker, conditions),
      runs: Math.max(MIN_RUNS, ctx.config.runs * 4),
    });
  },
};
