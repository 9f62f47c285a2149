/**
 * A query parameter or header that breaks its schema is `422
 * VALIDATION_ERROR` with `field` the parameter's name (D2, D7, D8, D4): a
 * `limit`/`offset` out of range, not an integer or repeated; a `dryRun` or
 * `upsertByExternalId` other than true/false; a blank or too long `q`; a bad
 * `externalId`/`externalSystem`; an `Idempotency-Key` too long or not
 * printable ASCII. Everything else in the request is valid (writes are dry runs).
 */
import * as fc from 'fast-check';
import type { OperationSpec, ParameterSpec } from '../../spec/index.js';
import type { CallOptions, Check, CheckContext, QueryValue } from '../types.js';
import { contactOptions, contactSchema } from '../generate/contact.js';
import { invalid } from '../generate/invalid.js';
import { valid } from '../generate/valid.js';
import type { GenerateOptions } from '../generate/options.js';
import { workspaceSchemas } from '../generate/workspace-schemas.js';
import { errorCode, missesError } from '../support/error-code.js';
import { dryRun } from '../support/flags.js';
import { exchange } from '../support/finding.js';

const ID = 'validation-params';
/** Strings a boolean flag must refuse; `TRUE`/`True` are left out as arguable. */
const NOT_BOOLEAN = ['yes', '1', '0', 'on', 'null', 'truee', ''];

/** Values of `param` that break it and survive the trip as a query string or header. */
function badValues(ctx: CheckContext, param: ParameterSpec): string[][] {
  if (param.schema.type === 'boolean') return NOT_BOOLEAN.map((v) => [v]);
  const numeric = param.schema.type === 'integer' || param.schema.type === 'number';
  // What the server reads from the text: a number for numeric parameters.
  const read = (v: string) => (numeric && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);
  const samples = fc
    .sample(invalid(param.schema, { compile: ctx.contract.compile }), { numRuns: 60, seed: ctx.config.seed })
    .map((b) => (typeof b.value === 'number' ? String(b.value) : b.value))
    .filter((v): v is string => typeof v === 'string' && !param.validate(read(v)))
    // Headers lose surrounding whitespace and carry only visible Latin-1.
    .filter(
      (v) =>
        param.in !== 'header' || (/^[^ ](?:[\x20-\x7e\x80-\xff]*[^ ])?$/.test(v) && /^[\x20-\x7e\x80-\xff]+$/.test(v)),
    );
  const out = [...new Set(samples)].slice(0, 6).map((v) => [v]);
  if (param.schema.type === 'integer') out.push(['1.5'], ['abc'], ['1e3'], ['']);
  if (param.in === 'query') {
    const [ok] = fc.sample(valid(param.schema, { compile: ctx.contract.compile }), {
      numRuns: 1,
      seed: ctx.config.seed,
    });
    out.push([String(ok), String(ok)]); // given twice
  }
  return out;
}

/** A valid call of `op` besides the parameter under test (writes as dry runs, searches with an externalId). */
function baseCall(ctx: CheckContext, op: OperationSpec, under: ParameterSpec, options: GenerateOptions): CallOptions {
  const schemas = workspaceSchemas(ctx.contract, ctx.workspace);
  const pick = <T>(arb: fc.Arbitrary<T>) => fc.sample(arb, { numRuns: 1, seed: ctx.config.seed })[0]!;
  const query: Record<string, QueryValue> = {};
  const pathParams: Record<string, string> = {};
  for (const p of op.parameters) {
    if (p === under || p.in === 'header') continue;
    if (p.in === 'path') pathParams[p.name] = String(pick(valid(p.schema, options)));
    else if (p.required || p.name === ctx.contract.names.query.externalId)
      query[p.name] = pick(valid(p.schema, options)) as QueryValue;
  }
  const flag = ctx.contract.names.query.dryRun;
  if (op.parameters.some((p) => p.name === flag) && under.name !== flag) query[dryRun(ctx.contract, op.id)] = true;
  const bodies: Record<string, unknown> = {
    createContact: { contact: pick(valid(contactSchema(schemas.createRequest), options)) },
    updateContact: { contact: pick(valid(contactSchema(schemas.updateRequest), options)) },
    queryContacts: pick(valid(schemas.queryRequest, options)),
  };
  return { query, pathParams, ...(op.body ? { body: bodies[op.id] } : {}) };
}

export const validationParams: Check = {
  id: ID,
  description: 'An invalid query parameter or header value is 422 VALIDATION_ERROR naming that parameter',
  area: 'validation',
  writes: true,
  sharing: 'shared',
  async run(ctx) {
    const expected = errorCode(ctx.contract, 'validation');
    const options = contactOptions(ctx);
    for (const op of ctx.contract.operations) {
      for (const param of op.parameters.filter((p) => p.in !== 'path')) {
        const call = baseCall(ctx, op, param, options);
        for (const value of badValues(ctx, param)) {
          const given =
            param.in === 'header'
              ? { headers: { [param.name]: value[0]! } }
              : { query: { ...call.query, [param.name]: value.length === 1 ? value[0]! : value } };
          const r = await ctx.client.call(op.id, { ...call, ...given });
          const why = missesError(r, expected, param.name);
          if (why) {
            const kind = value.length > 1 ? 'repeated' : JSON.stringify(value[0]).slice(0, 40);
            ctx.report({
              severity: 'error',
              operation: op.id,
              key: `${ID}:${op.id}:${param.name}:${value.length > 1 ? 'repeated' : 'value'}`,
              message: `${op.method} ${op.path} with ${param.in} ${param.name} = ${kind}: ${why}`,
              ...exchange(r),
            });
          }
        }
      }
    }
  },
};
