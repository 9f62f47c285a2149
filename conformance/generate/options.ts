/**
 * Options shared by the `valid` and `invalid` generators, resolved once.
 * Sizes stay small by default: a few array items and extra keys, short
 * strings, with the schema's exact length bounds mixed in.
 */
import type * as fc from 'fast-check';
import type { ValidateFunction } from 'ajv';
import type { JsonSchema } from '../../spec/index.js';

export interface GenerateOptions {
  /** Compiles a schema with the contract's Ajv (`contract.compile`): formats are checked by it. */
  compile: (schema: JsonSchema) => ValidateFunction;
  /** Array items beyond `minItems` (default 3). */
  maxItems?: number;
  /** Keys of an open object (`additionalProperties`/`propertyNames`) (default 3). */
  maxExtraKeys?: number;
  /** Typical string length when `maxLength` allows more (default 12). */
  maxTextLength?: number;
  /** Sometimes generate strings of exactly `minLength`/`maxLength` (default true). */
  edgeLengths?: boolean;
  /** Arbitraries to use for particular schema objects (by identity), e.g. tags that carry the run tag. */
  overrides?: Map<JsonSchema, fc.Arbitrary<unknown>>;
}

export interface ResolvedGenerateOptions extends Required<Omit<GenerateOptions, 'compile'>> {
  /** Memoised `compile`; never throws (a schema Ajv refuses validates nothing). */
  validator(schema: JsonSchema): ValidateFunction | undefined;
}

const resolved = new WeakMap<GenerateOptions, ResolvedGenerateOptions>();
/**
 * Compiled validators by schema text, per compile function (one per contract),
 * shared by every options object of a run: checks build their own options, and
 * compiling the same schema again for each cost most of the suite's start.
 */
const compiledByText = new WeakMap<GenerateOptions['compile'], Map<string, ValidateFunction | undefined>>();

export function resolveOptions(options: GenerateOptions): ResolvedGenerateOptions {
  const cached = resolved.get(options);
  if (cached) return cached;
  const byIdentity = new WeakMap<JsonSchema, ValidateFunction | undefined>();
  let byText = compiledByText.get(options.compile);
  if (!byText) compiledByText.set(options.compile, (byText = new Map()));
  const result: ResolvedGenerateOptions = {
    maxItems: options.maxItems ?? 3,
    maxExtraKeys: options.maxExtraKeys ?? 3,
    maxTextLength: options.maxTextLength ?? 12,
    edgeLengths: options.edgeLengths ?? true,
    overrides: options.overrides ?? new Map(),
    validator(schema) {
      if (byIdentity.has(schema)) return byIdentity.get(schema);
      const text = JSON.stringify(schema);
      let fn = byText!.get(text);
      if (!byText!.has(text)) {
        try {
          fn = options.compile(schema);
        } catch {
          fn = undefined;
        }
        byText!.set(text, fn);
      }
      byIdentity.set(schema, fn);
      return fn;
    },
  };
  resolved.set(options, result);
  return result;
}
