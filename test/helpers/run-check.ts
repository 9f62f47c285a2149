/** Runs checks of the suite against a target, for the checks' own tests. */
import http from 'node:http';
import { responseChecks as allResponseChecks } from '../../conformance/checks/index.js';
import { unfold } from '../../conformance/findings.js';
import { runConformance } from '../../conformance/runner.js';
import { FAKE_KEY, FAKE_KEY_2, startFakeTarget, type FakeTarget } from '../../conformance/testing/fake-target.js';
import type { Check, ConformanceReport, Finding, ResponseCheck } from '../../conformance/types.js';

export interface RunCheckOptions {
  apiKey?: string;
  apiKey2?: string;
  seed?: number;
  runs?: number;
  readOnly?: boolean;
  /** Per-request time limit (the suite's default otherwise). */
  timeoutMs?: number;
  /** Response checks to apply to the traffic; all of the suite's by default. */
  responseChecks?: ResponseCheck[];
}

export async function runChecks(
  baseUrl: string,
  checks: Check[],
  options: RunCheckOptions = {},
): Promise<ConformanceReport> {
  return runConformance({
    baseUrl,
    apiKey: options.apiKey ?? FAKE_KEY,
    ...(options.apiKey2 !== undefined ? { apiKey2: options.apiKey2 } : {}),
    seed: options.seed ?? 7,
    runs: options.runs ?? 10,
    readOnly: options.readOnly ?? false,
    overallTimeoutMs: 240_000,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    registry: { checks, responseChecks: options.responseChecks ?? allResponseChecks },
  });
}

/** The findings of one check (or response check) in a report, the folded ones unfolded. */
export function findingsOf(report: ConformanceReport, id: string): Finding[] {
  return unfold(report.findings.filter((f) => f.check === id));
}

/** A one-line summary of findings, for assertion messages. */
export function summary(findings: Finding[]): string {
  return findings.map((f) => `${f.severity} ${f.key}: ${f.message}`).join('\n') || '(no findings)';
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, path: string) => boolean;

/**
 * The framework's fake target with one misbehaviour: `handle` answers first,
 * with the request path (no query) given, and returns true when it did.
 */
export function startBuggyTarget(handle: Handler): Promise<FakeTarget> {
  return startFakeTarget({ handle: (req, res) => handle(req, res, (req.url ?? '/').split('?')[0]!) });
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): true {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
  return true;
}

export { FAKE_KEY, FAKE_KEY_2 };
