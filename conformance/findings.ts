/**
 * Where a check's findings collect: each gets the check id, the run seed, a
 * curl line and a reproduction command, and repeats of one key count as one.
 */
import { toCurl } from './curl.js';
import type { Secret } from './redact.js';
import type { Finding, FindingInput, Severity } from './types.js';

export interface FindingSink {
  /** Adds a finding; one with a key already seen only counts another occurrence. */
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
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export function createFindingSink(options: FindingSinkOptions): FindingSink {
  const byKey = new Map<string, Finding>();
  let closed = false;
  return {
    add(input, reproduce) {
      if (closed) return;
      const key = input.key || `${input.operation ?? '-'}:${input.message}`;
      const seen = byKey.get(key);
      if (seen) {
        seen.occurrences = (seen.occurrences ?? 1) + 1;
        return;
      }
      const finding: Finding = {
        ...input,
        severity: SEVERITIES.includes(input.severity) ? input.severity : 'error',
        key,
        check: options.check,
        seed: options.seed,
        occurrences: 1,
        reproduce: reproduce ?? options.reproduce,
      };
      if (input.request) finding.curl = toCurl(input.request, options.secrets);
      byKey.set(key, finding);
    },
    get findings() {
      return [...byKey.values()];
    },
    close() {
      closed = true;
    },
  };
}

/** Errors first, then warnings, then infos; the order of checks within each. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}
