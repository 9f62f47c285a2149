/**
 * TAP 14: one test point per check, a YAML diagnostic block with its findings.
 * @see https://testanything.org/tap-version-14-specification.html
 */
import { stringify } from 'yaml';
import type { CheckResult, ConformanceReport, Finding } from '../types.js';
import {
  bodyExcerpt,
  cut,
  printable,
  requestLine,
  SHORT_CURL_CHARS,
  SHORT_VALUE_CHARS,
  skipReason,
} from './excerpt.js';

function findingDiagnostic(finding: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = { message: finding.message, severity: finding.severity, key: finding.key };
  if (finding.operation) out.operation = finding.operation;
  if ((finding.occurrences ?? 1) > 1) out.occurrences = finding.occurrences;
  if (finding.operations && finding.operations.length > 1) out.operations = finding.operations;
  if (finding.seed !== undefined) out.seed = finding.seed;
  if (finding.path) out.path = finding.path;
  // A stream a CI log keeps: long values are cut here, whole in the JSON report.
  if (finding.counterexample !== undefined) out.counterexample = cut(finding.counterexample, SHORT_VALUE_CHARS);
  const request = requestLine(finding);
  if (request) out.request = request;
  if (finding.response) {
    out.status = finding.response.status;
    if (finding.response.error) out.error = finding.response.error;
    if (finding.response.body) out.body = bodyExcerpt(finding.response.body);
  }
  if (finding.curl) out.curl = cut(finding.curl, SHORT_CURL_CHARS);
  if (finding.reproduce) out.reproduce = finding.reproduce;
  return out;
}

/** TAP descriptions and directives end at `#`; escape it. */
const escapeTap = (text: string) => printable(text.replace(/\s+/g, ' ')).replace(/\\/g, '\\\\').replace(/#/g, '\\#');

function testPoint(result: CheckResult, index: number): string[] {
  const name = `${index} - ${escapeTap(result.check)}`;
  if (result.status === 'skipped') return [`ok ${name} # SKIP ${escapeTap(skipReason(result.notes))}`];
  // An errored check is a failed test point whose diagnostic says the kit, not the target, failed.
  const lines = [`${result.status === 'failed' || result.status === 'errored' ? 'not ok' : 'ok'} ${name}`];
  if (result.findings.length === 0 && result.notes.length === 0 && !result.error) return lines;
  const diagnostic: Record<string, unknown> = {
    description: result.description,
    ...(result.kind === 'response-check' ? { responses: result.requests } : { requests: result.requests }),
    duration_ms: result.durationMs,
  };
  if (result.error) {
    const note =
      result.error.kind === 'time-limit'
        ? "the run's time limit, not a finding about the target"
        : 'a bug in the kit, not a finding about the target';
    diagnostic.kit_error = { ...result.error, note };
  }
  if (result.notes.length > 0) diagnostic.notes = result.notes;
  if (result.findings.length > 0) diagnostic.findings = result.findings.map(findingDiagnostic);
  const yaml = stringify(diagnostic, { lineWidth: 0 }).trimEnd();
  lines.push('  ---', ...yaml.split('\n').map((line) => `  ${line}`), '  ...');
  return lines;
}

export function formatTap(report: ConformanceReport): string {
  const lines = [
    'TAP version 14',
    `# ContactDrive v2 conformance: ${report.target}`,
    `# seed ${report.seed}, run ${report.runId}, started ${report.startedAt}`,
    `1..${report.results.length}`,
  ];
  report.results.forEach((result, i) => lines.push(...testPoint(result, i + 1)));
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const errored = report.results.filter((r) => r.status === 'errored').length;
  const verdict = {
    conformant: 'conformant',
    'not-conformant': `not conformant: ${errors} error finding${errors === 1 ? '' : 's'}`,
    errored: `no verdict: the kit failed on ${errored} check${errored === 1 ? '' : 's'}`,
  }[report.verdict];
  lines.push(`# ${verdict}; reproduce with --seed ${report.seed}`);
  return `${lines.join('\n')}\n`;
}
