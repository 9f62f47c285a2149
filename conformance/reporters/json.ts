/**
 * The report as JSON, for tools: versioned (`schemaVersion`, the kit's version,
 * the contract's `info.version`) and described by `report.schema.json`, which
 * ships in the package. Each finding appears once, in `findings`; a result
 * gives the count of its own.
 */
import { packageInfo } from '../../spec/package-root.js';
import type { ConformanceReport } from '../types.js';

/** Raised when the shape changes incompatibly; new optional fields keep it. */
export const REPORT_SCHEMA_VERSION = 1;

export function toJsonReport(report: ConformanceReport) {
  const { name, version } = packageInfo();
  const { results, findings, coverage, ...run } = report;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kit: { name, version },
    contract: coverage?.contract ?? null,
    ...run,
    results: results.map(({ findings: own, ...result }) => ({ ...result, findingCount: own.length })),
    findings,
    ...(coverage ? { coverage: { operations: coverage.operations, neverExercised: coverage.neverExercised } } : {}),
  };
}

export function formatJson(report: ConformanceReport): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}
