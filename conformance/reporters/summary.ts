/**
 * The human summary on stderr. A passing run is a short table. A failing one
 * lists only the checks that did not pass (the progress lines above have the
 * rest) and each finding in a few lines, bodies and curl lines cut: the
 * report (`--reporter json`) keeps every exchange whole.
 */
import type { CheckResult, ConformanceReport } from '../types.js';
import { findingText, kitErrorText, printable } from './excerpt.js';

/** At most this many findings are spelled out; the report has them all. */
const MAX_DETAILED = 10;

const STATUS_WORD: Record<CheckResult['status'], string> = {
  passed: 'ok',
  failed: 'FAILED',
  skipped: 'skip',
  errored: 'ERRORED',
};

export function formatDuration(ms: number): string {
  return ms < 1000
    ? `${Math.round(ms)}ms`
    : ms < 60_000
      ? `${(ms / 1000).toFixed(1)}s`
      : `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

function row(result: CheckResult, width: number): string {
  const requests =
    result.status === 'skipped'
      ? '-'
      : result.kind === 'response-check'
        ? `${result.requests.toLocaleString('en-US')} seen`
        : result.requests.toLocaleString('en-US');
  const time = result.status === 'skipped' ? '-' : formatDuration(result.durationMs);
  const findings = result.findings.length > 0 ? `  ${plural(result.findings.length, 'finding')}` : '';
  const skip = result.status === 'skipped' ? `  ${printable(result.notes[0]?.replace(/^skipped:\s*/, '') ?? '')}` : '';
  const error =
    result.status === 'errored'
      ? result.error?.kind === 'time-limit'
        ? '  out of time'
        : '  the kit failed on this check'
      : '';
  return `  ${result.check.padEnd(width)}  ${STATUS_WORD[result.status].padEnd(7)}  ${requests.padStart(10)}  ${time.padStart(7)}${findings}${skip}${error}`;
}

export function formatSummary(report: ConformanceReport): string {
  const quiet = report.verdict === 'conformant';
  // A failing run shows only what did not pass; a passing one, the whole table.
  const shownRows = (rows: CheckResult[]) =>
    quiet ? rows : rows.filter((r) => r.status !== 'passed' || r.findings.length > 0);
  const checks = report.results.filter((r) => r.kind !== 'response-check');
  const inspectors = report.results.filter((r) => r.kind === 'response-check');
  const width = Math.max(5, ...report.results.map((r) => r.check.length));
  const count = (status: CheckResult['status']) => report.results.filter((r) => r.status === status).length;
  const requests = checks.reduce((sum, r) => sum + r.requests, 0);
  const rate = report.durationMs > 0 ? Math.round((requests * 1000) / report.durationMs) : 0;

  const lines = ['', `ContactDrive v2 conformance  ${report.target}`, `seed ${report.seed}  run ${report.runId}`];
  const checkRows = shownRows(checks);
  const inspectorRows = shownRows(inspectors);
  if (checkRows.length > 0 || inspectorRows.length > 0) {
    lines.push(
      '',
      `  ${'check'.padEnd(width)}  ${'result'.padEnd(7)}  ${'requests'.padStart(10)}  ${'time'.padStart(7)}`,
      ...checkRows.map((r) => row(r, width)),
    );
    if (inspectorRows.length > 0) lines.push('', '  response check', ...inspectorRows.map((r) => row(r, width)));
  }
  const errored = count('errored');
  lines.push(
    '',
    `  ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped${errored > 0 ? `, ${errored} errored` : ''}; ${plural(requests, 'request')} in ${formatDuration(report.durationMs)} (${rate}/s)`,
  );

  const shown = report.findings.filter((f) => f.severity !== 'info');
  if (shown.length > 0) {
    lines.push('', 'Findings:');
    for (const finding of shown.slice(0, MAX_DETAILED)) {
      const [head, ...rest] = findingText(finding, { short: true }).map(printable);
      lines.push('', `  ${head}`, ...rest.map((line) => `      ${line}`));
    }
    if (shown.length > MAX_DETAILED) lines.push('', `  … and ${shown.length - MAX_DETAILED} more in the report`);
  }

  const broken = report.results.filter((r) => r.status === 'errored');
  const crashed = broken.filter((r) => r.error?.kind !== 'time-limit');
  const late = broken.filter((r) => r.error?.kind === 'time-limit');
  if (crashed.length > 0) {
    lines.push('', 'The kit failed (a bug in contactdrive-contract-kit, not a finding about the target):');
    for (const result of crashed) {
      const [head, ...rest] = kitErrorText(result).map(printable);
      lines.push('', `  ${head}`, ...rest.map((line) => `      ${line}`));
    }
    lines.push('', '  Please report it with the lines above and the seed; they reproduce it.');
  }
  if (late.length > 0) {
    lines.push(
      '',
      `Out of time: ${plural(late.length, 'check')} did not finish (${late.map((r) => r.check).join(', ')}).`,
    );
    lines.push(`  ${printable(late[0]!.error!.message)}`);
  }

  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const verdict = {
    conformant: `Conformant. Seed ${report.seed} reproduces this run.`,
    'not-conformant': `Not conformant: ${plural(errors, 'error finding')}. Run again with --seed ${report.seed} to reproduce.`,
    errored:
      crashed.length > 0
        ? `No verdict: the kit failed on ${plural(crashed.length, 'check')} (no finding about the target). Seed ${report.seed} reproduces it.`
        : `No verdict: the run's time limit stopped ${plural(late.length, 'check')} (no finding about the target). Seed ${report.seed} reproduces it.`,
  }[report.verdict];
  lines.push('', verdict, '');
  return lines.join('\n');
}
