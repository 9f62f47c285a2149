/**
 * Data made to collide: names that share prefixes and differ only in case
 * (ASCII, and letters such as É/é and Ж/ж whose case mapping is one to one),
 * tags that are prefixes and substrings of one another, one external ID under
 * several systems (and in both workspaces), custom-field values at the edges
 * of their types. Drafts are symbolic: external IDs and custom fields are
 * resolved when a step runs, against the sequence's namespace and the
 * workspace's own definitions, so a shrunk sequence stays valid.
 */
import * as fc from 'fast-check';
import type { Space } from './world.js';

export const NAMES = [
  'Jean',
  'Jeanne',
  'JEAN',
  'jeanette',
  'Élise',
  'élise',
  'ÉLISABETH',
  'Жанна',
  'жанна',
  'Жан',
  'Ann',
  'ANNA',
] as const;
export const EMAILS = ['jean@example.com', 'JEAN@example.com', 'jeanne@example.org', 'ann.lee@example.com'] as const;
export const ORGANIZATIONS = ['Acme', 'ACME', 'Acme Corp', 'Acmé', 'Жук'] as const;
export const PHONES = ['+1 555 0100', '+1 555 0101'] as const;
export const TAG_POOL = ['vip', 'vipx', 'xvip', 'VIP', 'v', 'gold'] as const;
export const SYSTEMS = ['salesforce', 'hubspot', 'zendesk'] as const;
/** Two symbols under three systems: contacts share entries often, and one ID sits under several systems. */
export const ID_SYMBOLS = ['A', 'B'] as const;

/** Values at the edges of each custom field type (D5), cycled through by index. */
export const CUSTOM_VALUES = {
  string: ['', 'gold', 'Gold', 'goldx', 'z'.repeat(2000), 'élan'],
  number: [0, -1, 1.5, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2147483648, 1e-7],
  boolean: [true, false],
} as const;

/** A contact body in symbolic form: `ext` maps systems to ID symbols, `custom` picks (slot, value) by index. */
export interface Draft {
  fields: Record<string, string>;
  tags: string[];
  ext: Record<string, string>;
  custom: Array<[number, number]>;
}

const pool = <T>(items: readonly T[]) => fc.constantFrom(...items);

const custom = fc.array(fc.tuple(fc.nat(7), fc.nat(7)), { maxLength: 2 });
const ext = fc.dictionary(pool(SYSTEMS), pool(ID_SYMBOLS), { maxKeys: 2 });
const tags = fc.subarray([...TAG_POOL], { maxLength: 3 });

/** A create body: always a name (the create schema needs a name or an email). */
export const draftArbitrary: fc.Arbitrary<Draft> = fc
  .record(
    {
      firstName: pool(NAMES),
      lastName: pool(NAMES),
      email: pool(EMAILS),
      organization: pool(ORGANIZATIONS),
      primaryPhone: pool(PHONES),
    },
    { requiredKeys: ['lastName'] },
  )
  .chain((fields) => fc.record({ fields: fc.constant(fields as Record<string, string>), tags, ext, custom }));

/** An upsert body: a create body with at least one external ID to match on (D6). */
export const upsertDraftArbitrary: fc.Arbitrary<Draft> = fc
  .tuple(draftArbitrary, pool(SYSTEMS), pool(ID_SYMBOLS))
  .map(([d, system, id]) => ({ ...d, ext: { [system]: id, ...d.ext } }));

/** PUT changes: some fields, an empty string clearing one (D6); `tags` replaces the list when present. */
export interface Changes {
  fields: Record<string, string>;
  tags?: string[];
  ext: Record<string, string>;
  custom: Array<[number, number]>;
  /** Picks a system-managed field (D6: accepted and ignored) to send a forged value in. */
  system?: number;
}

export const changesArbitrary: fc.Arbitrary<Changes> = fc
  .record(
    {
      fields: fc.record(
        {
          firstName: fc.oneof(pool(NAMES), fc.constant('')),
          lastName: pool(NAMES),
          middleName: fc.oneof(pool(NAMES), fc.constant('')),
          organization: fc.oneof(pool(ORGANIZATIONS), fc.constant('')),
          email: pool(EMAILS),
        },
        { requiredKeys: [] },
      ) as fc.Arbitrary<Record<string, string>>,
      tags: fc.option(tags, { nil: undefined }),
      // Mostly a new or changed ID: what the external-ID lookups must see at once.
      ext: fc.oneof(
        { weight: 2, arbitrary: fc.dictionary(pool(SYSTEMS), pool(ID_SYMBOLS), { minKeys: 1, maxKeys: 2 }) },
        { weight: 1, arbitrary: fc.constant({}) },
      ),
      custom,
      system: fc.nat(7),
    },
    { requiredKeys: ['fields', 'ext', 'custom'] },
  )
  .filter((c) => Object.keys(c.fields).length + Object.keys(c.ext).length + c.custom.length + (c.tags ? 1 : 0) > 0);

/** The workspace a command writes to; the second only when the run has a second key. */
export function spaceArbitrary(spaces: readonly Space[]): fc.Arbitrary<Space> {
  return spaces.length > 1 ? fc.constantFrom(...spaces) : fc.constant(spaces[0]!);
}

/** Upper, lower or swapped case of a text: a case variant a folding comparison must treat as equal. */
export function recase(text: string, how: number): string {
  const swap = [...text].map((ch) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase())).join('');
  const variants = [swap, text.toUpperCase(), text.toLowerCase()];
  // Prefer a variant that differs from the text, so the probe tests the folding.
  for (let i = 0; i < variants.length; i += 1) {
    const v = variants[(how + i) % variants.length]!;
    if (v !== text) return v;
  }
  return text;
}
