/**
 * The narrowed reads a step asks: query conditions and search terms derived
 * from one contact the step wrote (its values, their prefixes and substrings
 * in another case, its tags and IDs), so that the collisions in the data
 * decide the answer. `n` picks which field kind and operator; every operator
 * on every kind of field (D3) comes round as steps go by.
 */
import type { ValidateFunction } from 'ajv';
import type { Contract } from '../../spec/index.js';
import type { CheckContext, WorkspaceInfo } from '../types.js';
import { contactShape } from '../support/contact-model.js';
import type { Condition } from '../support/conditions.js';
import { caseAmbiguous } from '../support/query-model.js';
import { workspaceSchemas } from '../generate/workspace-schemas.js';
import { recase } from './data.js';
import { searchWords, words, type Search } from './reads.js';
import type { Flat, ModelContact } from './world.js';

type Kind = (c: Flat, n: number) => Condition | undefined;

const nonAscii = (s: string) => /[^\x00-\x7f]/.test(s);

export interface Prober {
  /** A condition on a standard or custom text field. */
  text(contact: ModelContact, n: number): Condition | undefined;
  /** A condition on tags, external IDs, timestamps, or a number or boolean custom field. */
  structured(contact: ModelContact, n: number): Condition | undefined;
  /** `q` (narrowed by the marker) or an external ID, from the contact's words and IDs. */
  search(
    contact: ModelContact,
    n: number,
    marker: string,
    prefer?: readonly string[],
    peers?: readonly ModelContact[],
  ): Search;
  /** The conditions the contract refuses because a slug is undefined in `workspace` (D3). */
  undefinedSlug(n: number): string;
}

const validators = new WeakMap<WorkspaceInfo, ValidateFunction>();

/** The workspace's query-condition schema, compiled once per workspace of the run. */
function conditionValidator(contract: Contract, workspace: WorkspaceInfo): ValidateFunction {
  let validate = validators.get(workspace);
  if (!validate)
    validators.set(workspace, (validate = contract.compile(workspaceSchemas(contract, workspace).queryCondition)));
  return validate;
}

export function createProber(
  ctx: Pick<CheckContext, 'contract'>,
  workspace: WorkspaceInfo,
  other: WorkspaceInfo | undefined,
  hidden: readonly string[],
): Prober {
  const contract: Contract = ctx.contract;
  const shape = contactShape(contract);
  const valid = conditionValidator(contract, workspace);
  const ok = (c: Condition | undefined) =>
    c && valid(c) && !(typeof c.value === 'string' && caseAmbiguous(c.value)) ? c : undefined;
  const textFields = [...shape.standard, shape.fullname];
  const slugs = (type: string) => workspace.customFields.filter((f) => f.type === type).map((f) => f.slug);
  const customKey = (slug: string) => `${contract.names.customFieldPrefix}${slug}`;
  const { tags, createdAt, updatedAt } = contract.names.fields;
  const { q, externalId, externalSystem } = contract.names.query;
  const hiddenWords = new Set(hidden.flatMap(words));

  /** The contact's text values, non-ASCII ones first (they test Unicode case folding). */
  const texts = (c: Flat): Array<[string, string]> => {
    const all: Array<[string, string]> = [
      ...textFields.map((f): [string, unknown] => [f, c[f]]),
      ...slugs('string').map((s): [string, unknown] => [customKey(s), c[s]]),
    ].filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '');
    return [...all.filter(([, v]) => nonAscii(v)), ...all.filter(([, v]) => !nonAscii(v))];
  };
  const pickText = (c: Flat, n: number) => {
    const list = texts(c);
    return list.length ? list[n % Math.min(list.length, 3)]! : undefined;
  };
  const chars = (s: string) => [...s];

  const textKinds: Kind[] = [
    (c, n) => {
      const t = pickText(c, n);
      return (
        t && {
          field: t[0],
          op: 'startsWith',
          value: recase(
            chars(t[1])
              .slice(0, 1 + (n % chars(t[1]).length))
              .join(''),
            n,
          ),
        }
      );
    },
    (c, n) => {
      const t = pickText(c, n);
      if (!t) return undefined;
      const cs = chars(t[1]);
      const at = cs.length > 1 ? 1 : 0;
      return { field: t[0], op: 'contains', value: recase(cs.slice(at, at + 2 + (n % 3)).join(''), n) };
    },
    (c, n) => {
      const t = pickText(c, n);
      return t && { field: t[0], op: n % 2 ? 'ne' : 'eq', value: t[1] };
    },
    (c, n) => {
      const t = pickText(c, n);
      return t && { field: t[0], op: (['gt', 'gte', 'lt', 'lte'] as const)[n % 4]!, value: t[1] };
    },
    (c, n) => {
      const t = pickText(c, n);
      return t && { field: t[0], op: n % 2 ? 'nin' : 'in', value: [t[1], recase(t[1], n)] };
    },
    (c, n) => {
      const t = pickText(c, n);
      return t && { field: t[0], op: 'exists', value: n % 2 === 0 };
    },
    (c, n) => {
      const t = pickText(c, n + 1);
      return t && { field: t[0], op: 'startsWith', value: recase(t[1], n) };
    },
  ];

  const own = (c: Flat) => ((c[tags] as string[]) ?? []).filter((t) => !hidden.includes(t));
  const ids = (c: Flat) => Object.entries((c[shape.externalIds] ?? {}) as Record<string, string>);
  const structuredKinds: Kind[] = [
    (c, n) => {
      const t = own(c);
      return t.length ? { field: tags, op: 'contains', value: t[n % t.length] } : undefined;
    },
    (c, n) => {
      const t = own(c);
      return t.length
        ? { field: tags, op: n % 2 ? 'nin' : 'in', value: [t[n % t.length]] }
        : { field: tags, op: 'contains', value: 'v' };
    },
    (c, n) => {
      const e = ids(c);
      return e.length
        ? {
            field: `${shape.externalIds}.${e[n % e.length]![0]}`,
            op: (['eq', 'startsWith', 'ne'] as const)[n % 3]!,
            value: e[n % e.length]![1],
          }
        : undefined;
    },
    (c, n) => {
      const s = slugs('number').find((x) => typeof c[x] === 'number');
      return s === undefined
        ? undefined
        : { field: customKey(s), op: (['gt', 'gte', 'lt', 'lte', 'eq'] as const)[n % 5]!, value: c[s] };
    },
    (c, n) => {
      const s = slugs('boolean').find((x) => typeof c[x] === 'boolean');
      return s === undefined ? undefined : { field: customKey(s), op: n % 2 ? 'ne' : 'eq', value: c[s] };
    },
    (c, n) =>
      typeof c[createdAt] === 'string'
        ? {
            field: createdAt,
            op: (['gte', 'lt', 'eq', 'lte'] as const)[n % 4]!,
            value: n % 2 ? (c[createdAt] as string).replace(/Z$/, '+00:00') : c[createdAt],
          }
        : undefined,
    (c, n) =>
      typeof c[updatedAt] === 'string'
        ? { field: updatedAt, op: (['gt', 'gte', 'lte'] as const)[n % 3]!, value: c[updatedAt] }
        : undefined,
    (c, n) => {
      const s = [...slugs('number'), ...slugs('boolean')][
        n % Math.max(1, slugs('number').length + slugs('boolean').length)
      ];
      return s ? { field: customKey(s), op: 'exists', value: typeof c[s] !== 'undefined' } : undefined;
    },
    (_c, n) => ({ field: tags, op: 'exists', value: n % 2 === 0 }),
  ];

  /** The first kind from `n` on that yields a valid condition on this contact. */
  const rotate =
    (kinds: Kind[]) =>
    (contact: ModelContact, n: number): Condition | undefined => {
      for (let i = 0; i < kinds.length; i += 1) {
        const found = ok(kinds[(n + i) % kinds.length]!(contact.record, n));
        if (found) return found;
      }
      return undefined;
    };

  return {
    text: rotate(textKinds),
    structured: rotate(structuredKinds),
    search(contact, n, marker, prefer = [], peers = []) {
      const e = ids(contact.record);
      if (n % 3 === 2 && e.length) {
        const [system, id] = e[n % e.length]!;
        // The same ID under another system is what externalSystem must tell apart (D4).
        const elsewhere = peers.some((c) => ids(c.record).some(([s, v]) => v === id && s !== system));
        return n % 2 || elsewhere ? { [externalId]: id, [externalSystem]: system } : { [externalId]: id };
      }
      const all = searchWords(contract, contact.record).filter((w) => !hiddenWords.has(w) && !caseAmbiguous(w));
      const written = prefer.filter((w) => !hiddenWords.has(w) && !caseAmbiguous(w));
      const sorted =
        written.length && n % 4 !== 3 ? written : [...all.filter(nonAscii), ...all.filter((w) => !nonAscii(w))];
      const word = sorted[n % Math.max(1, Math.min(sorted.length, 4))];
      if (!word) return { [q]: marker };
      const prefix = recase([...word].slice(0, 1 + (n % [...word].length)).join(''), n);
      return { [q]: n % 2 ? `${prefix} ${marker}` : `${marker} ${prefix}` };
    },
    undefinedSlug(n) {
      // Another workspace's slug collides best: it is a real slug, just not this workspace's.
      const foreign = (other?.customFields ?? [])
        .map((f) => f.slug)
        .filter((s) => !workspace.customFields.some((f) => f.slug === s));
      let made = `nosuch_${n % 7}`;
      while (workspace.customFields.some((f) => f.slug === made)) made += 'x';
      const slug = foreign.length && n % 2 === 0 ? foreign[n % foreign.length]! : made;
      return customKey(slug);
    },
  };
}
