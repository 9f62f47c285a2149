/**
 * The rules that classify a change between two versions of the contract, by the
 * seed's "Versioning & deprecation policy": v2 changes only additively (new
 * endpoints, new optional fields, new response fields), clients ignore unknown
 * response fields, and a deprecated input keeps working until a successor
 * version exists. Every rule is listed with its reason in DECISIONS.md, D17.
 */

export type ChangeKind = 'breaking' | 'additive' | 'deprecation';

export interface Rule {
  kind: ChangeKind;
  /** Why the change has this kind: one line, for reports. */
  reason: string;
}

/** Schema aspects compared in both directions; see `schemaRule`. */
export const SCHEMA_ASPECTS = {
  type: 'the JSON types a value may have',
  enum: 'the allowed values (`enum`, `const`)',
  range: 'numeric bounds and `multipleOf`',
  length: '`minLength` / `maxLength`',
  items: '`minItems` / `maxItems` / `uniqueItems` and the item schema',
  'properties-count': '`minProperties` / `maxProperties`',
  pattern: 'the `pattern` a string must match',
  format: 'the `format` a string must have',
  'additional-properties': '`additionalProperties` and `propertyNames`',
  variant: 'the branches of `oneOf` / `anyOf`',
  schema: 'conditional and other subschemas (`if`/`then`/`else`, `not`, `patternProperties`, …)',
} as const;

export type SchemaAspect = keyof typeof SCHEMA_ASPECTS;
export type Direction = 'request' | 'response';
export type Trend = 'narrowed' | 'widened';

const FIXED = {
  'base-path-changed': { kind: 'breaking', reason: 'Every URL of the API moves; v2 keeps its path segment.' },
  'operation-removed': { kind: 'breaking', reason: 'Clients calling the operation get 404 or 405.' },
  'operation-moved': {
    kind: 'breaking',
    reason: 'The same operation under another path or method: old URLs stop working.',
  },
  'operation-id-changed': { kind: 'breaking', reason: 'Generated clients name their methods by operationId.' },
  'operation-added': { kind: 'additive', reason: 'New endpoints may land in v2 at any time.' },
  'operation-deprecated': { kind: 'deprecation', reason: 'Still works; clients are told to move off it.' },
  'security-scheme-removed': { kind: 'breaking', reason: 'Clients authenticating that way are refused.' },
  'security-scheme-changed': {
    kind: 'breaking',
    reason: 'Credentials sent the old way (header, parameter name, scheme) are refused.',
  },
  'security-scheme-added': { kind: 'additive', reason: 'A new way to authenticate; the old ones still work.' },
  'security-scheme-deprecated': { kind: 'deprecation', reason: 'Still accepted; clients are told to move off it.' },
  'security-requirement-removed': { kind: 'breaking', reason: 'An operation stops accepting credentials it accepted.' },
  'security-required-added': {
    kind: 'breaking',
    reason: 'An operation that needed no credentials now refuses calls without them.',
  },
  'security-alternative-added': {
    kind: 'additive',
    reason: 'An operation accepts more ways to authenticate, or needs none.',
  },
  'deprecated-input-removed': {
    kind: 'breaking',
    reason: 'A deprecated input stays functional for at least one successor version; v2 has none yet (/api/v3).',
  },
  'parameter-removed': { kind: 'breaking', reason: 'Clients sending it are rejected or silently ignored.' },
  'parameter-required-added': { kind: 'breaking', reason: 'Existing calls lack the new required parameter or header.' },
  'parameter-optional-added': { kind: 'additive', reason: 'A new optional input; existing calls are unchanged.' },
  'parameter-became-required': { kind: 'breaking', reason: 'Calls that omit it start failing.' },
  'parameter-became-optional': { kind: 'additive', reason: 'Every call that was valid still is.' },
  'parameter-serialization-changed': {
    kind: 'breaking',
    reason: '`style` / `explode` change how existing clients must encode it.',
  },
  'parameter-deprecated': { kind: 'deprecation', reason: 'Still accepted; clients are told to move off it.' },
  'property-deprecated': { kind: 'deprecation', reason: 'Still accepted or sent; clients are told to move off it.' },
  'request-body-removed': { kind: 'breaking', reason: 'Clients sending a body are rejected or ignored.' },
  'request-body-required-added': { kind: 'breaking', reason: 'Calls without a body start failing.' },
  'request-body-optional-added': { kind: 'additive', reason: 'A new optional input.' },
  'request-body-became-optional': { kind: 'additive', reason: 'Every call that was valid still is.' },
  'request-media-type-removed': { kind: 'breaking', reason: 'Bodies sent as that media type are refused (415).' },
  'request-media-type-added': { kind: 'additive', reason: 'One more way to send the body.' },
  'request-property-removed': {
    kind: 'breaking',
    reason: 'Clients sending it are rejected (closed objects) or silently ignored.',
  },
  'request-property-added': { kind: 'additive', reason: 'A new optional field; existing bodies are unchanged.' },
  'request-required-added': { kind: 'breaking', reason: 'Existing bodies lack the newly required property.' },
  'request-required-removed': { kind: 'additive', reason: 'Every body that was valid still is.' },
  'default-changed': { kind: 'breaking', reason: 'Clients omitting the input get different behaviour.' },
  'default-added': { kind: 'additive', reason: 'Documents the behaviour of an omitted input.' },
  'response-status-removed': {
    kind: 'breaking',
    reason: 'Clients handling that status never see it, or see something else instead.',
  },
  'response-success-status-added': {
    kind: 'breaking',
    reason: 'A success status existing clients do not expect or know how to read.',
  },
  'response-error-added': { kind: 'additive', reason: 'A new error response in the existing error envelope.' },
  'response-error-outside-envelope': {
    kind: 'breaking',
    reason: 'Every error uses `{ "error": { "code", "message", "field" } }`.',
  },
  'response-media-type-removed': { kind: 'breaking', reason: 'Clients asking for that media type no longer get it.' },
  'response-media-type-added': { kind: 'additive', reason: 'One more representation; the old ones remain.' },
  'response-header-removed': { kind: 'breaking', reason: 'Clients read it (`Deprecation`, `Idempotent-Replayed`).' },
  'response-header-added': { kind: 'additive', reason: 'Clients ignore headers they do not know.' },
  'response-property-removed': { kind: 'breaking', reason: 'Clients read it.' },
  'response-property-added': { kind: 'additive', reason: 'Clients must ignore unknown response fields.' },
  'response-required-removed': { kind: 'breaking', reason: 'Clients rely on the property always being there.' },
  'response-required-added': { kind: 'additive', reason: 'A property that was optional is now always sent.' },
  'error-code-changed': { kind: 'breaking', reason: 'Clients map a status to its documented error codes.' },
  'limits-narrowed': {
    kind: 'breaking',
    reason: 'A documented limit (`x-limits`) shrinks: requests that fit stop fitting.',
  },
  'limits-widened': { kind: 'additive', reason: 'A documented limit (`x-limits`) grows.' },
} as const satisfies Record<string, Rule>;

export type SchemaRuleId = `${Direction}-${SchemaAspect}-${Trend}`;
export type RuleId = keyof typeof FIXED | SchemaRuleId;

/**
 * A narrowed request constraint refuses inputs that were valid; a widened
 * response constraint sends outputs clients were told could not happen. The
 * exception is an opened response object: clients ignore unknown fields.
 */
function schemaKind(direction: Direction, change: Trend, aspect: SchemaAspect): ChangeKind {
  if (direction === 'request') return change === 'narrowed' ? 'breaking' : 'additive';
  if (aspect === 'additional-properties') return 'additive';
  return change === 'widened' ? 'breaking' : 'additive';
}

function schemaReason(direction: Direction, change: Trend, aspect: SchemaAspect): string {
  const what = SCHEMA_ASPECTS[aspect];
  if (direction === 'request') {
    return change === 'narrowed'
      ? `Inputs valid before are refused (${what}).`
      : `Every input valid before still is (${what}).`;
  }
  if (aspect === 'additional-properties') return 'Clients must ignore unknown response fields.';
  return change === 'widened'
    ? `Responses may hold values clients were told cannot occur (${what}).`
    : `Responses stay within what clients expect (${what}).`;
}

export function schemaRule(direction: Direction, aspect: SchemaAspect, change: Trend): SchemaRuleId {
  return `${direction}-${aspect}-${change}`;
}

function buildRules(): Record<RuleId, Rule> {
  const rules: Record<string, Rule> = { ...FIXED };
  for (const direction of ['request', 'response'] as const) {
    for (const aspect of Object.keys(SCHEMA_ASPECTS) as SchemaAspect[]) {
      for (const change of ['narrowed', 'widened'] as const) {
        rules[schemaRule(direction, aspect, change)] = {
          kind: schemaKind(direction, change, aspect),
          reason: schemaReason(direction, change, aspect),
        };
      }
    }
  }
  return rules as Record<RuleId, Rule>;
}

export const RULES: Readonly<Record<RuleId, Rule>> = buildRules();
