/**
 * Where a check's findings collect: each gets the check id, the run seed, a
 * curl line and a reproduction command. One bug is one finding:
 * - repeats of one key count as one (`occurrences`);
 * - findings whose messages differ only by operation, request, status or
 *   value share a cause and fold into the first (`operations`, `related`);
 * - past `MAX_ERRORS_PER_CHECK` distinct error causes, the rest are listed
 *   (`more`) on the last one kept, which says how many more there are.
 */
import { toCurl } from './curl.js';
import type { Secret } from './redact.js';
import type { Finding, FindingInput, Severity } from './types.js';

export interface FindingSink {
  /** Adds a finding; one with a key or cause already seen only counts another occurrence. */
  add(input: FindingInput, reproduce?: string): void;
  readonly findings: Finding[];
  /** After close, adds are ignored (a check still running after its time ran out). */
  close(): void;
}

export interface FindingSinkOptions {
  check: string;
  seed: number;
  secrets: readonly Secret[];
  /** The reproduction command for findings that do not bring their own. */
  reproduce: string;
  /** The contract's operation ids, so that messages naming different operations share a cause. */
  operationIds?: readonly string[];
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Distinct error findings one check reports at most; a single bug rarely needs more. */
export const MAX_ERRORS_PER_CHECK = 3;
/** Folded findings kept in `related`, for the JSON report. */
const MAX_RELATED = 100;

/**
 * A copy of `text` that shares no memory with the string it was cut from: a
 * message built from `body.slice(…)` would otherwise keep the whole body alive
 * for the rest of the run. UTF-16 round trips every code unit unchanged.
 */
function detached(text: string): string {
  return Buffer.from(text, 'utf16le').toString('utf16le');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The message with what varies between instances of one bug blanked out:
 * requests (`GET /contacts?…`), operation ids, quoted values, JSON fragments
 * and any token holding a digit (statuses, ids, counts).
 */
export function causeOf(message: string, operationIds: readonly string[] = []): string {
  let out = message
    .replace(/\b(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\s+\/\S*/g, '<request>')
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '<value>')
    .replace(/\{[^{}]*\}|\[[^[\]]*\]/g, '<value>');
  if (operationIds.length > 0) {
    const ids = new RegExp(
      `\\b(${[...operationIds]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|')})\\b`,
      'g',
    );
    out = out.replace(ids, '<operation>');
  }
  // An HTTP status says which bug it is (a 500 is not a 400); any other token with a digit is a value.
  return out.replace(/[\w.-]*\d[\w.-]*/g, (token) => (/^[1-5]\d\d$/.test(token) ? token : '<n>'));
}

export function createFindingSink(options: FindingSinkOptions): FindingSink {
  const byKey = new Map<string, Finding>();
  const byCause = new Map<string, Finding>();
  const kept: Finding[] = [];
  /** The finding that keeps, under `more`, the distinct error causes past the cap. */
  let overflow: Finding | undefined;
  const pastCap = new Set<string>();
  let closed = false;

  const fold = (into: Finding, input: FindingInput, key: string) => {
    into.occurrences = (into.occurrences ?? 1) + 1;
    if (input.operation !== undefined) {
      const operations = into.operations ?? (into.operation !== undefined ? [into.operation] : []);
      if (!operations.includes(input.operation)) operations.push(input.operation);
      into.operations = operations;
    }
    // A repeat of one key only counts; a finding with a key of its own is kept, short, under `related`.
    if (key !== into.key) {
      const related = (into.related ??= []);
      if (related.length < MAX_RELATED && !related.some((r) => r.key === key)) related.push(brief(input, key));
    }
  };

  const brief = (input: FindingInput, key: string) => ({
    key,
    ...(input.operation !== undefined ? { operation: input.operation } : {}),
    message: detached(input.message),
    ...(input.counterexample !== undefined ? { counterexample: input.counterexample } : {}),
    ...(input.path !== undefined ? { path: input.path } : {}),
  });

  return {
    add(input, reproduce) {
      if (closed) return;
      const severity = SEVERITIES.includes(input.severity) ? input.severity : 'error';
      const cause = `${severity}|${causeOf(input.message, options.operationIds)}`;
      const key = input.key || `${input.operation ?? '-'}:${input.message}`;
      const sameKey = byKey.get(key);
      // Repeats of a problem past the cap are listed once, under `more`, already.
      if (pastCap.has(key)) return;
      // A key is the check's word that two findings are one bug: its repeats only count.
      if (sameKey) return fold(sameKey, input, key);
      const sameCause = byCause.get(cause);
      if (sameCause) {
        byKey.set(key, sameCause);
        return fold(sameCause, input, key);
      }
      const errors = kept.filter((f) => f.severity === 'error');
      if (severity === 'error' && errors.length >= MAX_ERRORS_PER_CHECK) {
        // Past the cap: listed, not counted as instances of a finding they are not.
        overflow ??= errors.at(-1)!;
        const more = (overflow.more ??= []);
        if (more.length < MAX_RELATED) more.push(brief(input, key));
        pastCap.add(key);
        return;
      }
      const finding: Finding = {
        ...input,
        message: detached(input.message),
        severity,
        key,
        check: options.check,
        seed: options.seed,
        occurrences: 1,
        reproduce: reproduce ?? options.reproduce,
      };
      if (input.request) finding.curl = toCurl(input.request, options.secrets);
      byKey.set(key, finding);
      byCause.set(cause, finding);
      kept.push(finding);
    },
    get findings() {
      const extra = overflow?.more?.length ?? 0;
      if (!overflow || extra === 0) return [...kept];
      const note = ` (and ${extra} more distinct problem${extra === 1 ? '' : 's'} of this check, listed under more in the JSON report)`;
      return kept.map((f) => (f === overflow ? { ...f, message: `${f.message}${note}` } : f));
    },
    close() {
      closed = true;
    },
  };
}

/**
 * Every finding as reported, the folded ones unfolded: each `related` entry as
 * a finding of its own (its key, operation and message, the rest shared).
 */
export function unfold(findings: readonly Finding[]): Finding[] {
  return findings.flatMap((f) => [
    f,
    ...[...(f.related ?? []), ...(f.more ?? [])].map((r) => {
      const {
        related: _related,
        more: _more,
        operations: _operations,
        operation: _operation,
        counterexample: _c,
        path: _p,
        ...rest
      } = f;
      return { ...rest, ...r, occurrences: 1 };
    }),
  ]);
}

/** Errors first, then warnings, then infos; the order of checks within each. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}
