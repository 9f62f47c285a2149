/**
 * D3, operator by operator: four contacts and what each condition list must
 * select from them, in list order. `@A` stands for contact A's cdId. The
 * store tests run these over HTTP against each store (`conditions.test.ts`).
 */

export type Cond = { field: string; op: string; value: unknown };
export const c = (field: string, op: string, value: unknown): Cond => ({ field, op, value });
/** Contact A is created at second 0, B at 1, C at 2, D at 3. */
export const at = (s: number) => `2026-01-01T00:00:0${s}Z`;

export const PEOPLE: Record<string, Record<string, unknown>> = {
  A: {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@math.example',
    organization: 'Analytical',
    tags: ['math', 'pioneer'],
    externalIds: { crm: 'A1', erp: 'E1' },
    customFields: { donor_level: 'gold', lifetime_giving: 100, volunteer: true },
  },
  B: {
    firstName: 'Bob',
    organization: 'Builder Co',
    tags: ['diy'],
    externalIds: { crm: 'B1' },
    customFields: { donor_level: '5', lifetime_giving: 5, volunteer: false },
  },
  C: { lastName: 'Zoë', email: 'zoe@Example.org', customFields: { lifetime_giving: 5.5 } },
  D: { firstName: 'ada', jobTitle: 'Éclair Chef', notes: 'Likes MÜNCHEN', customFields: { donor_level: 'silver' } },
};

/** [name, conditions, the letters of the contacts selected, in list order]. */
export const CASES: Array<[string, Cond[], string]> = [
  ['eq is case-sensitive', [c('firstName', 'eq', 'Ada')], 'A'],
  ['eq is type-strict: number vs string', [c('customFields.donor_level', 'eq', 5)], ''],
  ['eq on a string custom field', [c('customFields.donor_level', 'eq', '5')], 'B'],
  ['eq on a number', [c('customFields.lifetime_giving', 'eq', 5)], 'B'],
  ['eq on a fractional number', [c('customFields.lifetime_giving', 'eq', 5.5)], 'C'],
  ['eq on a boolean', [c('customFields.volunteer', 'eq', true)], 'A'],
  ['eq: a boolean is not 1', [c('customFields.volunteer', 'eq', 1)], ''],
  ['eq: a number on a standard field is false', [c('firstName', 'eq', 5)], ''],
  ['eq on an external id', [c('externalIds.crm', 'eq', 'A1')], 'A'],
  ['eq on cdId', [c('cdId', 'eq', '@C')], 'C'],
  ['eq on email', [c('email', 'eq', 'zoe@Example.org')], 'C'],
  ['eq on an instant', [c('createdAt', 'eq', at(1))], 'B'],
  ['eq on an instant with an offset', [c('createdAt', 'eq', '2026-01-01T01:00:01+01:00')], 'B'],
  ['eq on an instant in lower case', [c('createdAt', 'eq', '2026-01-01t00:00:01.000z')], 'B'],
  ['eq on an instant between milliseconds', [c('createdAt', 'eq', '2026-01-01T00:00:01.0004Z')], ''],
  ['ne holds where the field is absent', [c('firstName', 'ne', 'Ada')], 'BCD'],
  ['ne on a custom field', [c('customFields.donor_level', 'ne', 'gold')], 'BCD'],
  ['ne on an external id', [c('externalIds.crm', 'ne', 'A1')], 'BCD'],
  ['ne on a number', [c('customFields.lifetime_giving', 'ne', 5)], 'ACD'],
  ['gt on numbers', [c('customFields.lifetime_giving', 'gt', 5)], 'AC'],
  ['gte on numbers', [c('customFields.lifetime_giving', 'gte', 5)], 'ABC'],
  ['lt on numbers', [c('customFields.lifetime_giving', 'lt', 100)], 'BC'],
  ['lte on numbers', [c('customFields.lifetime_giving', 'lte', 5)], 'B'],
  ['gt on strings', [c('customFields.donor_level', 'gt', 'h')], 'D'],
  ['gt between a number and a string is false', [c('customFields.lifetime_giving', 'gt', '1')], ''],
  ['gt between a string field and a number is false', [c('customFields.donor_level', 'gt', 1)], ''],
  ['strings compare by code point', [c('firstName', 'gt', 'B')], 'BD'],
  ['code point order past ASCII', [c('lastName', 'gt', 'Zoe')], 'C'],
  ['gt on booleans', [c('customFields.volunteer', 'gt', false)], 'A'],
  ['lt on booleans', [c('customFields.volunteer', 'lt', true)], 'B'],
  ['gt on instants', [c('createdAt', 'gt', at(1))], 'CD'],
  ['gte on instants', [c('createdAt', 'gte', at(1))], 'BCD'],
  ['gte between milliseconds', [c('createdAt', 'gte', '2026-01-01T00:00:01.0004Z')], 'CD'],
  ['lt between milliseconds', [c('createdAt', 'lt', '2026-01-01T00:00:01.0004Z')], 'AB'],
  ['lte on instants', [c('createdAt', 'lte', at(1))], 'AB'],
  ['lt on updatedAt', [c('updatedAt', 'lt', at(2))], 'AB'],
  ['in on strings', [c('firstName', 'in', ['Ada', 'Bob'])], 'AB'],
  ['in is type-strict', [c('customFields.lifetime_giving', 'in', [5, '100'])], 'B'],
  ['in on tags: has any of', [c('tags', 'in', ['diy', 'pioneer'])], 'AB'],
  ['nin on tags: has none of', [c('tags', 'nin', ['diy'])], 'ACD'],
  ['in on external ids', [c('externalIds.crm', 'in', ['A1', 'B1'])], 'AB'],
  ['nin on external ids', [c('externalIds.crm', 'nin', ['A1'])], 'BCD'],
  ['in on cdId', [c('cdId', 'in', ['@A', '@C'])], 'AC'],
  ['in on instants', [c('createdAt', 'in', [at(0), at(3)])], 'AD'],
  ['contains is case-insensitive', [c('firstName', 'contains', 'DA')], 'AD'],
  ['contains on email', [c('email', 'contains', 'EXAMPLE')], 'AC'],
  ['contains folds non-ASCII case', [c('notes', 'contains', 'münchen')], 'D'],
  ['contains: é finds É', [c('jobTitle', 'contains', 'é')], 'D'],
  ['contains on tags is an exact tag', [c('tags', 'contains', 'math')], 'A'],
  ['contains on tags: no partial tag', [c('tags', 'contains', 'mat')], ''],
  ['contains never matches a number', [c('customFields.lifetime_giving', 'contains', '5')], ''],
  ['contains on a custom string', [c('customFields.donor_level', 'contains', 'OL')], 'A'],
  ['contains on an external id', [c('externalIds.erp', 'contains', 'e')], 'A'],
  ['startsWith folds case', [c('lastName', 'startsWith', 'zo')], 'C'],
  ['startsWith on non-ASCII', [c('jobTitle', 'startsWith', 'éc')], 'D'],
  ['startsWith on organization', [c('organization', 'startsWith', 'b')], 'B'],
  ['exists true', [c('email', 'exists', true)], 'AC'],
  ['exists false', [c('email', 'exists', false)], 'BD'],
  ['exists on tags: at least one', [c('tags', 'exists', true)], 'AB'],
  ['exists false on tags', [c('tags', 'exists', false)], 'CD'],
  ['exists false on a custom field', [c('customFields.volunteer', 'exists', false)], 'CD'],
  ['exists on an external system', [c('externalIds.erp', 'exists', true)], 'A'],
  ['exists on createdAt', [c('createdAt', 'exists', true)], 'ABCD'],
  ['exists false on createdAt', [c('createdAt', 'exists', false)], ''],
  ['conditions are AND-joined', [c('firstName', 'contains', 'a'), c('customFields.lifetime_giving', 'gte', 5)], 'A'],
  ['no conditions: every contact', [], 'ABCD'],
];

/** The conditions with each `@X` replaced by contact X's cdId. */
export function resolveIds(conditions: readonly Cond[], idOf: Readonly<Record<string, string>>): Cond[] {
  const resolve = (value: unknown): unknown =>
    typeof value === 'string' && value.startsWith('@')
      ? idOf[value.slice(1)]
      : Array.isArray(value)
        ? value.map(resolve)
        : value;
  return conditions.map((cond) => ({ ...cond, value: resolve(cond.value) }));
}
