/**
 * Malformed or hostile input gets the declared status in the error envelope,
 * never a 5xx (D9): bad JSON, an empty body, a body that is not an object
 * (422 on `body`); a non-JSON Content-Type (415 on `Content-Type`), while
 * `charset` parameters and `+json` types are accepted; a body over
 * `x-limits.maxBodyBytes` (413 on `body`); deep nesting (422); strings long
 * in code points (422 on the field, and accepted at exactly the limit);
 * `__proto__` and `constructor` keys (422 on that key). D14: bytes that are
 * not UTF-8 (422 on `body`), a lone surrogate escape (422 on the string's
 * path), a query value that is not percent-encoded UTF-8 (422 on the
 * parameter). Writes are dry runs.
 */
import { formatField, WHOLE_BODY } from '../../spec/index.js';
import type { CallOptions, Check, CheckContext } from '../types.js';
import { errorCode, missesError, type ErrorRole } from '../support/error-code.js';
import { dryRun } from '../support/flags.js';
import { exchange } from '../support/finding.js';

const ID = 'malformed-input';
const JSON_TYPE = 'application/json';
type Case = [
  name: string,
  body: string | Buffer,
  contentType: string | undefined,
  code: ErrorRole | 200,
  field?: string,
];
/** Invalid lead bytes, a bad continuation byte and a UTF-8 encoded surrogate (RFC 8259 section 8.1, RFC 3629). */
const NOT_UTF8 = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]);
const MARK = '\u0000';
/** Values that are not percent-encoded UTF-8: a bad escape, and a byte that is no UTF-8 on its own. */
const BAD_PERCENT = ['%zz', '%ff'];

function cases(ctx: CheckContext, operationId: string): Case[] {
  const max = ctx.contract.limits.maxBodyBytes;
  const notes = ctx.contract.schemas.ContactFields as { properties: { notes: { maxLength: number } } };
  const longest = notes.properties.notes.maxLength;
  const isQuery = operationId === 'queryContacts';
  const valid = isQuery ? '{"conditions":[]}' : '{"contact":{"lastName":"Malformed Input"}}';
  const wrap = (inner: string) => (isQuery ? `{"conditions":[],${inner}}` : `{"contact":{"lastName":"x",${inner}}}`);
  const at = (key: string) => formatField(isQuery ? [key] : ['contact', key]);
  const withBytes = (inner: string, bytes: Buffer) => {
    const [before, after] = wrap(inner).split(MARK) as [string, string];
    return Buffer.concat([Buffer.from(before), bytes, Buffer.from(after)]);
  };
  const list: Case[] = [
    ['malformed JSON', valid.slice(0, -3), JSON_TYPE, 'validation', WHOLE_BODY],
    ['an empty body', '', JSON_TYPE, 'validation', WHOLE_BODY],
    ['a JSON array', '[]', JSON_TYPE, 'validation', WHOLE_BODY],
    ['a JSON string', '"contact"', JSON_TYPE, 'validation', WHOLE_BODY],
    ['JSON null', 'null', JSON_TYPE, 'validation', WHOLE_BODY],
    ['text/plain', valid, 'text/plain', 'mediaType', 'Content-Type'],
    ['a form body', 'contact=x', 'application/x-www-form-urlencoded', 'mediaType', 'Content-Type'],
    ['a charset parameter', valid, `${JSON_TYPE}; charset=utf-8`, 200],
    ['a +json type', valid, 'application/vnd.contactdrive+json', 200],
    [`a body over ${max} bytes`, wrap(`"notes":"${'x'.repeat(max)}"`), JSON_TYPE, 'tooLarge', WHOLE_BODY],
    ['nesting 5000 deep', wrap(`"x":${'['.repeat(5000)}${']'.repeat(5000)}`), JSON_TYPE, 'validation'],
    ['a __proto__ key', wrap('"__proto__":{"polluted":true}'), JSON_TYPE, 'validation', at('__proto__')],
    [
      'a constructor key',
      wrap('"constructor":{"prototype":{"polluted":true}}'),
      JSON_TYPE,
      'validation',
      at('constructor'),
    ],
    ['bytes that are not UTF-8', withBytes(`"notes":"x${MARK}"`, NOT_UTF8), JSON_TYPE, 'validation', WHOLE_BODY],
    ['a lone surrogate escape', wrap(String.raw`"notes":"x\ud800"`), JSON_TYPE, 'validation', at('notes')],
  ];
  if (!isQuery) {
    // Lengths count code points: an astral character is one, though it is two UTF-16 units.
    list.push([
      'notes one emoji too long',
      wrap(`"notes":"${'😀'.repeat(longest + 1)}"`),
      JSON_TYPE,
      'validation',
      'contact.notes',
    ]);
    list.push(['notes of exactly the longest emoji text', wrap(`"notes":"${'😀'.repeat(longest)}"`), JSON_TYPE, 200]);
  }
  return list;
}

export const malformedInput: Check = {
  id: ID,
  description:
    'Malformed, oversized, deeply nested, prototype-polluting or non-UTF-8 input and wrong Content-Types get the declared 4xx envelope, never a 5xx',
  area: 'validation',
  writes: false,
  sharing: 'shared',
  async run(ctx) {
    const calls: Record<string, CallOptions> = {
      createContact: { query: { [dryRun(ctx.contract)]: true } },
      queryContacts: {},
    };
    for (const [operationId, call] of Object.entries(calls)) {
      for (const [name, body, contentType, code, field] of cases(ctx, operationId)) {
        const r = await ctx.client.call(operationId, {
          ...call,
          raw: { body, ...(contentType ? { contentType } : {}) },
        });
        const why =
          code === 200
            ? r.status === 200
              ? undefined
              : `expected 200, got ${r.status} ${r.text.slice(0, 200)}`
            : missesError(r, errorCode(ctx.contract, code), field);
        if (why)
          ctx.report({
            severity: 'error',
            operation: operationId,
            key: `${ID}:${operationId}:${name}`,
            message: `${operationId} with ${name}: ${why}`,
            ...exchange(r),
          });
      }
    }
    // The free-text search parameter: a wrongly decoded value would otherwise be searched for.
    const search = ctx.contract.operation('searchContacts');
    const free = ctx.contract.names.query.q;
    if (!search.parameters.some((p) => p.in === 'query' && p.name === free))
      throw new Error(`spec: searchContacts takes no ${free} parameter`);
    for (const value of BAD_PERCENT) {
      const r = await ctx.client.raw(search.method, `${search.path}?${encodeURIComponent(free)}=${value}`);
      const why = missesError(r, errorCode(ctx.contract, 'validation'), free);
      if (why)
        ctx.report({
          severity: 'error',
          operation: search.id,
          key: `${ID}:${search.id}:${value}`,
          message: `${search.id} with ${free}=${value}: ${why}`,
          ...exchange(r),
        });
    }
  },
};
