/**
 * SARIF 2.1.0, for code-scanning uploads (github/codeql-action/upload-sarif):
 * one rule per check, described by the check's own description; one result
 * per finding, with the check id as `ruleId`. A check the kit failed on is a
 * tool execution notification, and the invocation is then not successful.
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import { createHash } from 'node:crypto';
import type * as Sarif from 'sarif';
import { packageInfo } from '../../spec/package-root.js';
import type { CheckResult, ConformanceReport, Finding, Severity } from '../types.js';
import { erroredWhy, findingText } from './excerpt.js';

const TOOL = 'contactdrive-conformance';
const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * Code scanning takes only repository-relative paths as locations, so a
 * finding sits at the API's host and the operation's path, as a path
 * (`api.example.com/api/v2/contacts/{contactId}`). The port is left out: the
 * embedded server's changes every run, and the location must stay stable.
 */
function artifactUri(report: ConformanceReport, finding: Finding): string {
  let host = 'target';
  let base = '';
  try {
    const url = new URL(report.target);
    host = url.hostname;
    base = url.pathname.replace(/\/+$/, '');
  } catch {
    // A target that is not a URL still gets a stable location.
  }
  const operation = report.coverage?.operations.find((o) => o.operation === finding.operation);
  const path = operation ? operation.path : finding.operation ? `/${finding.operation}` : '';
  return encodeURI(`${host}${base}${path}`).replace(/^\/+/, '');
}

function location(report: ConformanceReport, finding: Finding): Sarif.Location {
  const operation = report.coverage?.operations.find((o) => o.operation === finding.operation);
  return {
    physicalLocation: { artifactLocation: { uri: artifactUri(report, finding) } },
    ...(finding.operation
      ? {
          logicalLocations: [
            {
              name: finding.operation,
              kind: 'function',
              ...(operation ? { fullyQualifiedName: `${operation.method} ${operation.path}` } : {}),
            },
          ],
        }
      : {}),
  };
}

/** Same check, same key: the same bug from one run to the next. */
function fingerprint(finding: Finding): string {
  return createHash('sha256').update(`${finding.check}\0${finding.key}`).digest('hex').slice(0, 32);
}

function rule(result: CheckResult): Sarif.ReportingDescriptor {
  return {
    id: result.check,
    shortDescription: { text: result.description || result.check },
    fullDescription: { text: result.description || result.check },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['conformance', result.kind ?? 'check'] },
  };
}

function toResult(report: ConformanceReport, finding: Finding, ruleIndex: number): Sarif.Result {
  const [headline, ...details] = findingText(finding);
  return {
    ruleId: finding.check,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVEL[finding.severity],
    message: { text: [headline!.replace(/^\[\w+\] /, ''), ...details].join('\n') },
    locations: [location(report, finding)],
    partialFingerprints: { 'contactdriveFinding/v1': fingerprint(finding) },
    properties: {
      key: finding.key,
      ...(finding.operation ? { operation: finding.operation } : {}),
      ...(finding.operations ? { operations: finding.operations } : {}),
      occurrences: finding.occurrences ?? 1,
      ...(finding.seed !== undefined ? { seed: finding.seed } : {}),
      ...(finding.response ? { status: finding.response.status } : {}),
      ...(finding.curl ? { curl: finding.curl } : {}),
      ...(finding.reproduce ? { reproduce: finding.reproduce } : {}),
    },
  };
}

function notification(result: CheckResult): Sarif.Notification {
  return {
    level: 'error',
    message: { text: `${result.check}: ${erroredWhy(result)}: ${result.error?.message ?? 'no message'}` },
    descriptor: { id: result.check },
    properties: {
      ...(result.error?.stack ? { stack: result.error.stack } : {}),
      ...(result.error?.reproduce ? { reproduce: result.error.reproduce } : {}),
    },
  };
}

function toSarif(report: ConformanceReport): Sarif.Log {
  const { version } = packageInfo();
  const rules = report.results.map(rule);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const errored = report.results.filter((r) => r.status === 'errored');
  const ended = new Date(Date.parse(report.startedAt) + report.durationMs);
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL, version, semanticVersion: version, rules } },
        automationDetails: { id: `${TOOL}/${report.runId}` },
        invocations: [
          {
            executionSuccessful: errored.length === 0,
            ...(Number.isNaN(ended.getTime())
              ? {}
              : { startTimeUtc: report.startedAt, endTimeUtc: ended.toISOString() }),
            toolExecutionNotifications: errored.map(notification),
          },
        ],
        results: report.findings.map((finding) => toResult(report, finding, index.get(finding.check) ?? -1)),
        properties: {
          target: report.target,
          seed: report.seed,
          runId: report.runId,
          verdict: report.verdict,
          ...(report.coverage ? { coverage: report.coverage } : {}),
        },
      },
    ],
  };
}

export function formatSarif(report: ConformanceReport): string {
  return `${JSON.stringify(toSarif(report), null, 2)}\n`;
}
