/**
 * GitHub Actions workflow commands: one annotation per finding (`::error`,
 * `::warning`, `::notice` by severity), one `kit error` annotation per check
 * the kit failed on, and a notice listing what the run never exercised.
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
import type { CheckResult, ConformanceReport, Finding, Severity } from '../types.js';
import { erroredWhy, findingText, kitErrorText } from './excerpt.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** A command's message: `%`, CR and LF are escaped (as in @actions/core `escapeData`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value (`title=`): also `:` and `,`, which end it (as in @actions/core `escapeProperty`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(name: string, title: string, message: string): string {
  return `::${name} title=${escapeProperty(title)}::${escapeData(message)}`;
}

function annotation(finding: Finding): string {
  const [headline, ...details] = findingText(finding);
  const where = finding.operation ? ` ${finding.operation}` : '';
  return command(
    COMMAND[finding.severity],
    `${finding.check}${where}`,
    [headline!.replace(/^\[\w+\] /, ''), ...details].join('\n'),
  );
}

function kitError(result: CheckResult): string {
  return command('error', `kit error: ${result.check}`, [erroredWhy(result), ...kitErrorText(result)].join('\n'));
}

export function formatGithub(report: ConformanceReport): string {
  const lines = [
    ...report.findings.map(annotation),
    ...report.results.filter((r) => r.status === 'errored').map(kitError),
  ];
  const never = report.coverage?.neverExercised ?? [];
  if (never.length > 0) lines.push(command('notice', 'contract coverage: never exercised', never.join('\n')));
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  lines.push(
    `contactdrive-conformance: ${report.verdict} (${errors} error finding${errors === 1 ? '' : 's'}, seed ${report.seed}) against ${report.target}`,
  );
  return `${lines.join('\n')}\n`;
}
