/**
 * The human summary on stderr: a short table when everything passes, and each
 * finding with its reproduction when something fails.
 */
import type { CheckResult, ConformanceReport } from '../types.js';
import { findingText, printable } from './excerpt.js';

/** At most this many findings are spelled out; the report has them all. */
const MAX_DETAILED = 20;

const STATUS_WORD: Record<CheckResult['status'], string> = { passed: 'ok', failed: 'FAILED', skipped: 'skip' };

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

function row(result: CheckResult, width: number): string {
  const requests =
    result.status === 'skipped' ? '-' : result.kind === 'response-check' ? `${result.requests.toLocaleString('en-US')} seen` : result.requests.toLocaleString('en-US');
  const time = result.status === 'skipped' ? '-' : formatDuration(result.durationMs);
  const findings = result.findings.length > 0 ? `  ${plural(result.findings.length, 'finding')}` : '';
  const skip = result.status === 'skipped' ? `  ${printable(result.notes[0]?.replace(/^skipped:\s*/, '') ?? '')}` : '';
  return `  ${result.check.padEnd(width)}  ${STATUS_WORD[result.status].padEnd(6)}  ${requests.padStart(10)}  ${time.padStart(7)}${findings}${skip}`;
}

export function formatSummary(report: ConformanceReport): string {
  const checks = report.results.filter((r) => r.kind !== 'response-check');
  const inspectors = report.results.filter((r) => r.kind === 'response-check');
  const width = Math.max(5, ...report.results.map((r) => r.check.length));
  const count = (status: CheckResult['status']) => report.results.filter((r) => r.status === status).length;
  const requests = checks.reduce((sum, r) => sum + r.requests, 0);
  const rate = report.durationMs > 0 ? Math.round((requests * 1000) / report.durationMs) : 0;

  const lines = [
    '',
    `ContactDrive v2 conformance  ${report.target}`,
    `seed ${report.seed}  run ${report.runId}`,
    '',
    `  ${'check'.padEnd(width)}  ${'result'.padEnd(6)}  ${'requests'.padStart(10)}  ${'time'.padStart(7)}`,
    ...checks.map((r) => row(r, width)),
  ];
  if (inspectors.length > 0) lines.push('', '  response check', ...inspectors.map((r) => row(r, width)));
  lines.push(
    '',
    `  ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped; ${plural(requests, 'request')} in ${formatDuration(report.durationMs)} (${rate}/s)`,
  );

  const shown = report.findings.filter((f) => f.severity !== 'info');
  if (shown.length > 0) {
    lines.push('', 'Findings:');
    for (const finding of shown.slice(0, MAX_DETAILED)) {
      const [head, ...rest] = findingText(finding).map(printable);
      lines.push('', `  ${head}`, ...rest.map((line) => `      ${line}`));
    }
    if (shown.length > MAX_DETAILED) lines.push('', `  … and ${shown.length - MAX_DETAILED} more in the report`);
  }
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  lines.push(
    '',
    report.conformant
      ? `Conformant. Seed ${report.seed} reproduces this run.`
      : `Not conformant: ${plural(errors, 'error finding')}. Run again with --seed ${report.seed} to reproduce.`,
    '',
  );
  return lines.join('\n');
}
