/** The whole ConformanceReport as JSON, for tools. */
import type { ConformanceReport } from '../types.js';

export function formatJson(report: ConformanceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
