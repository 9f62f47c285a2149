/**
 * What the reads must return from the model's state: the list order (D2,
 * `x-list-order`), query (D3, the suite's oracle in `support/query-model.ts`,
 * plus the undefined-slug rule) and search (D4, word prefixes of the spec's
 * `x-search-fields`, external IDs under any or one system).
 */
import { NAMES, type Contract } from '../../spec/index.js';
import type { WorkspaceInfo } from '../types.js';
import { contactShape } from '../support/contact-model.js';
import type { Condition } from '../support/conditions.js';
import { listOrderCompare } from '../support/page-order.js';
import { matches } from '../support/query-model.js';
import type { Model, ModelContact, Space } from './world.js';

/** The space's contacts in list order; contacts the target has not shown yet come last, in creation order. */
export function inListOrder(contract: Contract, model: Model, space: Space): ModelContact[] {
  const compare = listOrderCompare(contract.listOrder);
  // A contact the target has not shown has no timestamp in the model yet.
  const shown = (c: ModelContact) => c.record[NAMES.fields.createdAt] !== undefined;
  const known = model.contacts[space].filter(shown);
  const unknown = model.contacts[space].filter((c) => !shown(c));
  return [...known.sort((a, b) => compare(a.record, b.record)), ...unknown];
}

/** D3: a condition on a custom field the workspace does not define; the index of the first, or -1. */
export function undefinedSlug(contract: Contract, workspace: WorkspaceInfo, conditions: readonly Condition[]): number {
  const prefix = contract.names.customFieldPrefix;
  return conditions.findIndex(
    (c) => c.field.startsWith(prefix) && !workspace.customFields.some((f) => `${prefix}${f.slug}` === c.field),
  );
}

export function queryModel(
  contract: Contract,
  model: Model,
  space: Space,
  conditions: readonly Condition[],
): ModelContact[] {
  return inListOrder(contract, model, space).filter((c) =>
    conditions.every((condition) => matches(contract, c.record, condition)),
  );
}

/** D4: words split at anything that is not a letter or a digit. */
export const words = (text: string): string[] => text.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');

/** The words `q` can match in a contact: those of its `x-search-fields` values. */
export function searchWords(contract: Contract, record: Record<string, unknown>): string[] {
  return contract.searchFields.flatMap((field) => {
    const value = record[field];
    const values = Array.isArray(value) ? value : [value];
    return values.filter((v): v is string => typeof v === 'string').flatMap(words);
  });
}

/** A search's query parameters. */
export interface Search {
  [NAMES.query.q]?: string;
  [NAMES.query.externalId]?: string;
  [NAMES.query.externalSystem]?: string;
}

/** D4: every term prefixes a word (folded with toLowerCase); a term with other characters starts no word. */
export function searchMatches(contract: Contract, record: Record<string, unknown>, search: Search): boolean {
  const { q: text, externalId: id, externalSystem: system } = contract.names.query;
  const [q, externalId, externalSystem] = [search[text], search[id], search[system]];
  if (externalId !== undefined) {
    const ids = (record[contactShape(contract).externalIds] ?? {}) as Record<string, string>;
    const hit =
      externalSystem !== undefined ? ids[externalSystem] === externalId : Object.values(ids).includes(externalId);
    if (!hit) return false;
  }
  if (q === undefined) return true;
  const terms = q.split(/\s+/).filter((t) => t !== '');
  if (!terms.every((t) => /^[\p{L}\p{N}]+$/u.test(t))) return false;
  const have = searchWords(contract, record).map((w) => w.toLowerCase());
  return terms.every((t) => have.some((w) => w.startsWith(t.toLowerCase())));
}

export function searchModel(contract: Contract, model: Model, space: Space, search: Search): ModelContact[] {
  return inListOrder(contract, model, space).filter((c) => searchMatches(contract, c.record, search));
}

/** What a write changed in what search reads: words and external-ID entries added, words gone. */
export function searchChange(
  contract: Contract,
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
): { words: string[]; gone: string[]; ids: Array<[string, string]> } {
  const old = new Set(before ? searchWords(contract, before).map((w) => w.toLowerCase()) : []);
  const now = searchWords(contract, after);
  const fresh = new Set(now.map((w) => w.toLowerCase()));
  const had = before ? externalEntries(contract, before).map((e) => JSON.stringify(e)) : [];
  return {
    words: now.filter((w) => !old.has(w.toLowerCase())),
    gone: before ? searchWords(contract, before).filter((w) => !fresh.has(w.toLowerCase())) : [],
    ids: externalEntries(contract, after).filter((e) => !had.includes(JSON.stringify(e))),
  };
}

/** The external-ID entries of a record or a write body, as (system, ID). */
export function externalEntries(contract: Contract, record: Record<string, unknown>): Array<[string, string]> {
  return Object.entries((record[contactShape(contract).externalIds] ?? {}) as Record<string, string>);
}

/** The (system, ID) entry most contacts of the space share, so an upsert on it has several candidates (D6: the oldest wins). */
export function sharedEntry(contract: Contract, model: Model, space: Space): [string, string] | undefined {
  const counts = new Map<string, number>();
  for (const c of model.contacts[space]) {
    for (const entry of Object.entries(
      (c.record[contactShape(contract).externalIds] ?? {}) as Record<string, string>,
    )) {
      const key = JSON.stringify(entry);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return best ? (JSON.parse(best[0]) as [string, string]) : undefined;
}
