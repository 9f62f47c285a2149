/**
 * Read your writes: after a step, every read path is compared with the model,
 * narrowed to the sequence's own contacts (D3 `tags contains` the marker, D4
 * `q` with the marker or an external ID of the sequence). Plain list pages
 * cannot be narrowed: the tail of the list (where the sequence's contacts
 * are, D2) is read and only the relative order and presence of the
 * sequence's own contacts are judged. A read that disagrees names the step
 * that made the state it reads.
 */
import { NAMES, formatField } from '../../spec/index.js';
import type { ApiResponse } from '../types.js';
import { errorCode, missesError } from '../support/error-code.js';
import { condition, type Condition } from '../support/conditions.js';
import { contactDifferences } from '../support/contact-model.js';
import { listOrderCompare, orderProblem } from '../support/page-order.js';
import { mismatch, show } from './mismatch.js';
import { inListOrder, queryModel, searchModel, undefinedSlug, type Search } from './reads.js';
import type { Real } from './real.js';
import { causeOf, stepName, type Flat, type Model, type ModelContact, type Space } from './world.js';

const maxLimit = (real: Real) => (real.contract.schemas.PageLimit as { maximum: number }).maximum;
const { id: ID_FIELD, createdAt: CREATED, updatedAt: UPDATED } = NAMES.fields;
const idsOf = (json: unknown) => (Array.isArray(json) ? (json as Flat[]).map((c) => String(c[ID_FIELD])) : []);
const shown = (c: Condition) => `${c.field} ${c.op} ${JSON.stringify(c.value)}`;

/** The step that made the difference between `want` and `got`: the latest writer among the contacts concerned. */
function causeAmong(model: Model, space: Space, want: string[], got: string[]): string {
  const concerned = model.contacts[space].filter((c) => want.includes(c.cdId) !== got.includes(c.cdId));
  const latest = concerned.sort((a, b) => b.touchedBy.n - a.touchedBy.n)[0];
  if (latest) return causeOf(latest);
  const last = model.steps.at(-1);
  return last ? `after ${stepName(last)}` : 'at the start';
}

function expectArray(real: Real, r: ApiResponse, kind: string, what: string, operation: string): Flat[] {
  if (r.status !== 200 || !Array.isArray(r.json)) {
    mismatch({
      kind: `${kind}-status`,
      operation,
      message: `${what} answered ${r.status}`,
      expected: '200 with an array of contacts',
      actual: `${r.status} ${show(r.text, 300)}`,
      response: r,
    });
  }
  return r.json as Flat[];
}

async function count(real: Real, space: Space, conditions: Condition[]): Promise<{ n: number; r: ApiResponse }> {
  const r = await real.send(space, 'queryContacts', { body: { conditions, countOnly: true } }, false);
  const n = (r.json as { count?: unknown } | undefined)?.count;
  if (r.status !== 200 || typeof n !== 'number') {
    mismatch({
      kind: 'count-status',
      operation: 'queryContacts',
      message: `countOnly answered ${r.status}`,
      expected: '200 { count }',
      actual: `${r.status} ${show(r.text, 300)}`,
      response: r,
    });
  }
  return { n: n as number, r };
}

/** The sequence's contacts in `space`, read back whole: presence, order, records and timestamps. */
async function readBack(real: Real, model: Model, space: Space, marker: Condition): Promise<void> {
  const what = `in ${space === 'first' ? 'the workspace' : 'the second workspace'}, the query for the sequence's contacts (${shown(marker)})`;
  const r = await real.send(space, 'queryContacts', { body: { conditions: [marker], limit: maxLimit(real) } }, false);
  const got = expectArray(real, r, 'read-back', what, 'queryContacts');
  const known = model.contacts[space];
  const other = model.contacts[space === 'first' ? 'second' : 'first'];
  for (const item of got) {
    const id = String(item[ID_FIELD]);
    if (known.some((c) => c.cdId === id)) continue;
    const foreign = other.find((c) => c.cdId === id);
    const last = model.steps.at(-1);
    mismatch({
      kind: foreign ? 'read-back-foreign' : 'read-back-unexpected',
      operation: 'queryContacts',
      message: foreign
        ? `${causeOf(foreign)}, ${what} returned ${id}, a contact of the other workspace (D12)`
        : `after ${last ? stepName(last) : 'the start'}, ${what} returned ${id}, which no write of the sequence created (D6/D7: a dry run writes nothing, a replay executes nothing, an upsert with a match creates nothing)`,
      expected: show(known.map((c) => c.cdId)),
      actual: show(got.map((c) => c[ID_FIELD])),
      response: r,
    });
  }
  for (const contact of known) {
    const item = got.find((c) => c[ID_FIELD] === contact.cdId);
    if (!item) {
      mismatch({
        kind: 'read-back-missing',
        operation: 'queryContacts',
        message: `${causeOf(contact)}, ${what} lacks ${contact.cdId}`,
        expected: show(known.map((c) => c.cdId)),
        actual: show(idsOf(got)),
        response: r,
      });
    }
    adopt(real, contact, item, r, what);
    const diff = contactDifferences(
      { contract: real.contract, workspace: real.workspace(space) },
      contact.record,
      item,
    );
    if (diff.length) {
      mismatch({
        kind: 'read-back-record',
        operation: 'queryContacts',
        message: `${causeOf(contact)}, ${what} reads ${contact.cdId} differently from the model: ${diff.join('; ')}`,
        expected: show(contact.record),
        actual: show(item),
        response: r,
      });
    }
  }
  const order = orderProblem(got, real.contract.listOrder);
  if (order)
    mismatch({
      kind: 'read-back-order',
      operation: 'queryContacts',
      message: `${causeAmong(model, space, [], [])}, ${what} is out of the list order: ${order}`,
      expected: show(inListOrder(real.contract, model, space).map((c) => c.cdId)),
      actual: show(idsOf(got)),
      response: r,
    });
  const want = inListOrder(real.contract, model, space).map((c) => c.cdId);
  if (want.join() !== idsOf(got).join()) {
    mismatch({
      kind: 'read-back-order',
      operation: 'queryContacts',
      message: `${causeAmong(model, space, want, idsOf(got))}, ${what} is not in the list order`,
      expected: show(want),
      actual: show(idsOf(got)),
      response: r,
    });
  }
  // D2: a contact created later sorts after every contact created before it.
  const compare = listOrderCompare(real.contract.listOrder);
  for (const [i, contact] of known.entries()) {
    const earlier = known.slice(0, i).filter((c) => c.createdStep < contact.createdStep);
    const ahead = earlier.find((c) => compare(c.record, contact.record) > 0);
    if (ahead) {
      mismatch({
        kind: 'append-order',
        operation: 'queryContacts',
        message: `${causeOf(contact)}, ${contact.cdId} (created in step ${contact.createdStep}) sorts before ${ahead.cdId}, created in step ${ahead.createdStep}: new contacts must append at the end of the list order (D2)`,
        expected: `${ahead.cdId} before ${contact.cdId}`,
        actual: show(idsOf(got)),
        response: r,
      });
    }
  }
  const total = await count(real, space, [marker]);
  if (total.n !== known.length) {
    mismatch({
      kind: 'count',
      operation: 'queryContacts',
      message: `${causeAmong(model, space, [], [])}, countOnly for the sequence's contacts answered ${total.n}, the model holds ${known.length}`,
      expected: `{ "count": ${known.length} }`,
      actual: show(total.r.text),
      response: total.r,
    });
  }
}

/** Takes the timestamps a fresh write shows; an unchanged contact keeps them (D6: createdAt never moves). */
function adopt(real: Real, contact: ModelContact, item: Flat, r: ApiResponse, what: string): void {
  const fail = (field: string, message: string) =>
    mismatch({
      kind: `timestamp-${field}`,
      operation: 'queryContacts',
      message: `${causeOf(contact)}, ${what}: ${contact.cdId} ${message}`,
      expected: show(contact.record[field] ?? contact.previousUpdatedAt),
      actual: show(item[field]),
      response: r,
    });
  if (contact.record[CREATED] === undefined) contact.record[CREATED] = item[CREATED];
  else if (item[CREATED] !== contact.record[CREATED])
    fail(CREATED, `has another ${CREATED} than before (it never moves)`);
  if (contact.fresh) {
    const at = Date.parse(String(item[UPDATED]));
    if (contact.previousUpdatedAt !== undefined && !(at >= Date.parse(contact.previousUpdatedAt)))
      fail(UPDATED, `has an ${UPDATED} earlier than before the update`);
    if (!(at >= Date.parse(String(item[CREATED])))) fail(UPDATED, `has an ${UPDATED} before its ${CREATED}`);
    contact.record[UPDATED] = item[UPDATED];
    contact.fresh = false;
  } else if (item[UPDATED] !== contact.record[UPDATED]) {
    fail(UPDATED, `has a new ${UPDATED} though no write changed it`);
  }
}

export async function probe(
  real: Real,
  model: Model,
  space: Space,
  marker: Condition,
  extra: Condition,
  withCount: boolean,
  cause: string,
): Promise<void> {
  const conditions = [marker, extra];
  const what = `the query ${shown(extra)} (AND ${shown(marker)})`;
  const r = await real.send(space, 'queryContacts', { body: { conditions, limit: maxLimit(real) } }, false);
  const want = queryModel(real.contract, model, space, conditions).map((c) => c.cdId);
  const got = idsOf(expectArray(real, r, `query-${extra.op}`, what, 'queryContacts'));
  if (want.join() !== got.join()) {
    mismatch({
      kind: `query-${extra.field.split('.')[0]}-${extra.op}`,
      operation: 'queryContacts',
      message: `${causeAmong(model, space, want, got) || cause}, ${what} disagrees with D3`,
      expected: show(want),
      actual: show(got),
      response: r,
    });
  }
  if (!withCount) return;
  const counted = await count(real, space, conditions);
  if (counted.n !== want.length) {
    mismatch({
      kind: 'query-count',
      operation: 'queryContacts',
      message: `${cause}, countOnly for ${what} answered ${counted.n}`,
      expected: `{ "count": ${want.length} }`,
      actual: show(counted.r.text),
      response: counted.r,
    });
  }
}

export async function search(real: Real, model: Model, space: Space, s: Search, cause: string): Promise<void> {
  const { q, externalSystem, limit } = real.contract.names.query;
  const query = { ...s, [limit]: maxLimit(real) };
  const r = await real.send(space, 'searchContacts', { query }, false);
  const what = `the search ${show(s)}`;
  const kind =
    s[q] !== undefined ? 'search-q' : s[externalSystem] !== undefined ? 'search-external-system' : 'search-external-id';
  const got = idsOf(expectArray(real, r, kind, what, 'searchContacts'));
  const want = searchModel(real.contract, model, space, s).map((c) => c.cdId);
  if (want.join() !== got.join()) {
    mismatch({
      kind,
      operation: 'searchContacts',
      message: `${causeAmong(model, space, want, got) || cause}, ${what} disagrees with D4`,
      expected: show(want),
      actual: show(got),
      response: r,
    });
  }
}

/** The list's last page: the sequence's contacts there keep the model's relative order, and all are there when the page reaches back past them. */
async function listTail(real: Real, model: Model, space: Space): Promise<void> {
  const limit = maxLimit(real);
  const { n } = await count(real, space, []);
  const offset = Math.max(0, n - limit);
  const { limit: limitName, offset: offsetName } = real.contract.names.query;
  const r = await real.send(space, 'listContacts', { query: { [limitName]: limit, [offsetName]: offset } }, false);
  const items = expectArray(real, r, 'list', `GET /contacts?${offsetName}=${offset}`, 'listContacts');
  const want = inListOrder(real.contract, model, space);
  const ids = want.map((c) => c.cdId);
  const present = idsOf(items).filter((id) => ids.includes(id));
  const expected = ids.filter((id) => present.includes(id));
  const what = `the list page at offset ${offset} (the tail of the list)`;
  if (present.join() !== expected.join()) {
    mismatch({
      kind: 'list-order',
      operation: 'listContacts',
      message: `${causeAmong(model, space, [], [])}, ${what} shows the sequence's contacts in another order than D2's`,
      expected: show(expected),
      actual: show(present),
      response: r,
    });
  }
  const oldest = want[0];
  const compare = listOrderCompare(real.contract.listOrder);
  const reachesBack =
    offset === 0 || (items.length > 0 && oldest !== undefined && compare(items[0]!, oldest.record) < 0);
  if (items.length < limit && reachesBack && present.length !== ids.length) {
    const missing = want.filter((c) => !present.includes(c.cdId));
    mismatch({
      kind: 'list-missing',
      operation: 'listContacts',
      message: `${causeOf(missing[0]!)}, ${what} lacks ${missing.map((c) => c.cdId).join(', ')}`,
      expected: show(ids),
      actual: show(present),
      response: r,
    });
  }
}

export interface VerifyPlan {
  /** The contacts the step wrote or previewed, which the probes ask about. */
  focus: ModelContact[];
  /** Rotates the probes' field kinds and operators. */
  n: number;
  /** Words the step wrote: the search probe tries them first (new words must be found, old ones not). */
  words?: string[];
  /** External IDs the step wrote, (system, ID): search by each must find the writes at once. */
  ids?: Array<[string, string]>;
  /** Words the step removed: search by one must no longer find the contact. */
  gone?: string[];
}

export async function verify(real: Real, model: Model, plan: VerifyPlan): Promise<void> {
  const probers = real.probers;
  const marker = condition(real.contract, NAMES.fields.tags, 'contains', real.marker);
  for (const space of real.spaces) await readBack(real, model, space, marker);
  const focus = plan.focus.map((f) => model.contacts[f.space].find((c) => c.cdId === f.cdId) ?? f).slice(0, 2);
  for (const [i, contact] of focus.entries()) {
    const space = contact.space;
    const n = plan.n + i;
    const prober = probers[space];
    const text = prober.text(contact, n);
    if (text) await probe(real, model, space, marker, text, i === 0, causeOf(contact));
    const structured = prober.structured(contact, n);
    if (structured) await probe(real, model, space, marker, structured, false, causeOf(contact));
    await search(
      real,
      model,
      space,
      prober.search(contact, n, real.marker, plan.words ?? [], model.contacts[space]),
      causeOf(contact),
    );
  }
  const spaces = [...new Set(focus.map((c) => c.space))];
  const [gone] = (plan.gone ?? []).filter((w) => /^[\p{L}\p{N}]+$/u.test(w));
  if (gone && focus[0])
    await search(real, model, focus[0].space, { [NAMES.query.q]: `${real.marker} ${gone}` }, causeOf(focus[0]));
  const [written] = plan.ids ?? [];
  if (written && focus[0]) {
    const [externalSystem, externalId] = written;
    await search(
      real,
      model,
      focus[0].space,
      plan.n % 2 ? { externalId, externalSystem } : { externalId },
      causeOf(focus[0]),
    );
  }
  for (const space of spaces.length ? spaces : real.spaces.slice(0, 1)) await listTail(real, model, space);
  // Every third step, a slug the workspace does not define must still be refused, whatever was written.
  if (plan.n % 3 === 0) {
    const space = spaces[0] ?? 'first';
    await queryUndefinedSlug(real, model, space, probers[space].undefinedSlug(plan.n), false);
  }
}

/** D3: a query on a slug the workspace does not define is 422 on `conditions[i].field`. */
export async function queryUndefinedSlug(
  real: Real,
  model: Model,
  space: Space,
  field: string,
  command = true,
): Promise<void> {
  const marker = condition(real.contract, NAMES.fields.tags, 'contains', real.marker);
  const conditions: Condition[] = [marker, { field, op: 'exists', value: true }];
  const i = undefinedSlug(real.contract, real.workspace(space), conditions);
  const r = await real.send(space, 'queryContacts', { body: { conditions } }, command);
  const expected = errorCode(real.contract, 'validation');
  const at = formatField(['conditions', i, 'field']);
  const why = missesError(r, expected, at);
  if (why) {
    const last = model.steps.at(-1);
    mismatch({
      kind: 'query-undefined-slug',
      operation: 'queryContacts',
      message: `${last ? `after ${stepName(last)}` : 'at the start'}, a query on ${field}, a custom field this workspace does not define: ${why} (D3)`,
      expected: `${expected.status} ${expected.code} on ${at}`,
      actual: `${r.status} ${show(r.text, 300)}`,
      response: r,
    });
  }
}
