/** The report formats `--reporter` chooses from. */
import type { ConformanceReport } from '../types.js';
import { formatGithub } from './github.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';
import { formatTap } from './tap.js';

export const REPORTERS = {
  tap: formatTap,
  json: formatJson,
  junit: formatJunit,
  sarif: formatSarif,
  github: formatGithub,
  html: formatHtml,
} satisfies Record<string, (report: ConformanceReport) => string>;

export type ReporterName = keyof typeof REPORTERS;

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(REPORTERS, name);
}

export function formatReport(report: ConformanceReport, reporter: ReporterName): string {
  return REPORTERS[reporter](report);
}

export { formatSummary } from './summary.js';
export { createProgressPrinter } from './progress.js';
