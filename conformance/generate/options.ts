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

/** One compile function's validators: a schema object is looked up by identity, a new object by its text. */
interface Compiled {
  byIdentity: WeakMap<JsonSchema, ValidateFunction | undefined>;
  byText: Map<string, ValidateFunction | undefined>;
}

/**
 * Compiled validators per compile function (one per contract), shared by
 * every options object of a run: checks build their own options, often one
 * per call, and each schema object is compiled, or even serialised, once.
 */
const compiledBy = new WeakMap<GenerateOptions['compile'], Compiled>();

function validatorOf(compile: GenerateOptions['compile'], schema: JsonSchema): ValidateFunction | undefined {
  let compiled = compiledBy.get(compile);
  if (!compiled) compiledBy.set(compile, (compiled = { byIdentity: new WeakMap(), byText: new Map() }));
  const known = compiled.byIdentity.get(schema);
  if (known !== undefined || compiled.byIdentity.has(schema)) return known;
  // A schema built at run time is a new object with the text of one compiled before.
  const text = JSON.stringify(schema);
  let fn = compiled.byText.get(text);
  if (fn === undefined && !compiled.byText.has(text)) {
    try {
      fn = compile(schema);
    } catch {
      fn = undefined;
    }
    compiled.byText.set(text, fn);
  }
  compiled.byIdentity.set(schema, fn);
  return fn;
}

/**
 * Resolved options without overrides, per compile function and settings:
 * checks build a new options object per call, and what is cached per resolved
 * options (the invalid generators' arbitraries) then lasts the whole run.
 */
const sharedBy = new WeakMap<GenerateOptions['compile'], Map<string, ResolvedGenerateOptions>>();

export function resolveOptions(options: GenerateOptions): ResolvedGenerateOptions {
  const cached = resolved.get(options);
  if (cached) return cached;
  const { compile } = options;
  const settings = {
    maxItems: options.maxItems ?? 3,
    maxExtraKeys: options.maxExtraKeys ?? 3,
    maxTextLength: options.maxTextLength ?? 12,
    edgeLengths: options.edgeLengths ?? true,
  };
  const plain = options.overrides === undefined || options.overrides.size === 0;
  let shared = sharedBy.get(compile);
  if (plain && !shared) sharedBy.set(compile, (shared = new Map()));
  const key = JSON.stringify(settings);
  let result = plain ? shared!.get(key) : undefined;
  if (!result) {
    result = {
      ...settings,
      overrides: plain ? new Map() : options.overrides!,
      validator: (schema) => validatorOf(compile, schema),
    };
    if (plain) shared!.set(key, result);
  }
  resolved.set(options, result);
  return result;
}
