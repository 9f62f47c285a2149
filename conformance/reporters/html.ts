/**
 * One self-contained HTML page (inline CSS, no script, nothing fetched): the
 * run, a summary table, every finding with its request, response, curl line
 * and reproduce command, the checks the kit failed on, and contract coverage.
 * Every value from the target is escaped; none is ever markup.
 */
import { packageInfo } from '../../spec/package-root.js';
import type { CheckResult, ConformanceReport, Finding, RecordedRequest, RecordedResponse } from '../types.js';
import { formatDuration } from './summary.js';
import { erroredWhy } from './excerpt.js';

/** Characters HTML may not hold as text (controls, lone surrogates, noncharacters), shown as escapes. */
const NOT_TEXT =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeHtml(text: string): string {
  return text
    .replace(NOT_TEXT, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const e = escapeHtml;

const STATUS_LABEL: Record<CheckResult['status'], string> = {
  passed: 'passed',
  failed: 'failed',
  skipped: 'skipped',
  errored: 'kit error',
};

const badge = (kind: string, label: string) => `<span class="badge ${e(kind)}">${e(label)}</span>`;

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.25rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eaeef2;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}
pre{background:#f6f8fa;padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all;margin:.25rem 0}
.badge{display:inline-block;padding:0 .45rem;border-radius:.7rem;font-size:.8rem;font-weight:600;color:#fff}
.passed,.conformant{background:#1a7f37}.failed,.error,.not-conformant{background:#cf222e}.skipped,.info{background:#6e7781}
.warning{background:#9a6700}.errored,.kit-error{background:#8250df}
.finding{border:1px solid #d0d7de;border-radius:.4rem;padding:.5rem 1rem;margin:1rem 0}
.meta{color:#57606a}dt{font-weight:600;margin-top:.5rem}dd{margin:0}
`;

function headers(record: Record<string, string>): string {
  return Object.entries(record)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

function requestBlock(request: RecordedRequest): string {
  const body =
    request.body === undefined
      ? ''
      : `\n\n${request.bodyEncoding === 'base64' ? `(base64) ${request.body}` : request.body}`;
  return `<dt>Request</dt><dd><pre>${e(`${request.method} ${request.url}\n${headers(request.headers)}${body}`)}</pre></dd>`;
}

function responseBlock(response: RecordedResponse): string {
  const status = response.error ? `${response.status} (${response.error})` : String(response.status);
  const cut = response.truncated ? '\n… (cut off by the client)' : '';
  return `<dt>Response</dt><dd><pre>${e(`${status} in ${formatDuration(response.durationMs)}\n${headers(response.headers)}\n\n${response.body}${cut}`)}</pre></dd>`;
}

function findingBlock(finding: Finding, index: number): string {
  const where = finding.operations && finding.operations.length > 1 ? finding.operations.join(', ') : finding.operation;
  const times = (finding.occurrences ?? 1) > 1 ? ` <span class="meta">×${finding.occurrences}</span>` : '';
  const parts = [
    `<section class="finding" id="finding-${index + 1}">`,
    `<h3>${badge(finding.severity, finding.severity)} ${e(finding.check)}${where ? ` <span class="meta">${e(where)}</span>` : ''}${times}</h3>`,
    `<p class="message">${e(finding.message)}</p>`,
    '<dl>',
  ];
  if (finding.related && finding.related.length > 0) {
    parts.push(
      `<dt>Same cause</dt><dd><pre>${e(finding.related.map((r) => `${r.operation ?? '-'}: ${r.message}`).join('\n'))}</pre></dd>`,
    );
  }
  if (finding.request) parts.push(requestBlock(finding.request));
  if (finding.response) parts.push(responseBlock(finding.response));
  if (finding.curl) parts.push(`<dt>curl</dt><dd><pre>${e(finding.curl)}</pre></dd>`);
  if (finding.counterexample !== undefined)
    parts.push(`<dt>Counterexample</dt><dd><pre>${e(finding.counterexample)}</pre></dd>`);
  if (finding.reproduce) parts.push(`<dt>Reproduce</dt><dd><pre>${e(finding.reproduce)}</pre></dd>`);
  parts.push(
    `<dt>Key</dt><dd><code>${e(finding.key)}</code>${finding.seed !== undefined ? ` <span class="meta">seed ${finding.seed}${finding.path ? `, path ${e(finding.path)}` : ''}</span>` : ''}</dd>`,
  );
  parts.push('</dl>', '</section>');
  return parts.join('\n');
}

function kitErrorBlock(result: CheckResult): string {
  const error = result.error;
  return [
    `<section class="finding">`,
    `<h3>${badge('kit-error', 'kit error')} ${e(result.check)}</h3>`,
    `<p>${e(erroredWhy(result))}.</p>`,
    `<pre>${e([error?.message ?? 'no message', ...(error?.stack ?? [])].join('\n'))}</pre>`,
    error?.counterexample !== undefined ? `<p>Input</p><pre>${e(error.counterexample)}</pre>` : '',
    error?.reproduce ? `<p>Reproduce</p><pre>${e(error.reproduce)}</pre>` : '',
    '</section>',
  ].join('\n');
}

function summaryRow(result: CheckResult): string {
  const skipped = result.status === 'skipped';
  return `<tr><td><code>${e(result.check)}</code><br><span class="meta">${e(result.description)}</span></td><td>${badge(result.status, STATUS_LABEL[result.status])}</td><td class="num">${skipped ? '-' : result.requests}</td><td class="num">${skipped ? '-' : e(formatDuration(result.durationMs))}</td><td class="num">${result.findings.length}</td><td>${e(result.notes.join(' '))}</td></tr>`;
}

const list = (items: readonly string[]) => (items.length === 0 ? '<span class="meta">-</span>' : e(items.join(', ')));

function coverageSection(report: ConformanceReport): string {
  const coverage = report.coverage;
  if (!coverage) return '';
  const rows = coverage.operations.map((o) => {
    const enums = o.bodyEnums
      .map(
        (b) =>
          `${e(b.field)}: ${list(b.exercised)}${b.notExercised.length > 0 ? ` <span class="meta">(not: ${list(b.notExercised)})</span>` : ''}`,
      )
      .join('<br>');
    return `<tr><td><code>${e(o.operation)}</code><br><span class="meta">${e(`${o.method} ${o.path}`)}</span></td><td class="num">${o.requests}</td><td>${list(o.statuses.seen)}</td><td>${list(o.statuses.notSeen)}</td><td>${list(o.parameters.exercised)}${o.parameters.notExercised.length > 0 ? ` <span class="meta">(not: ${list(o.parameters.notExercised)})</span>` : ''}</td><td>${enums || '<span class="meta">-</span>'}</td></tr>`;
  });
  const never =
    coverage.neverExercised.length > 0
      ? `<ul class="never">${coverage.neverExercised.map((line) => `<li>${e(line)}</li>`).join('')}</ul>`
      : '<p>Every declared status, parameter and body value was exercised.</p>';
  return [
    '<h2 id="coverage">Contract coverage</h2>',
    '<table><thead><tr><th>Operation</th><th>Requests</th><th>Statuses seen</th><th>Not seen</th><th>Parameters</th><th>Body values</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table>`,
    '<h3>Never exercised</h3>',
    never,
  ].join('\n');
}

export function formatHtml(report: ConformanceReport): string {
  const { version } = packageInfo();
  const errored = report.results.filter((r) => r.status === 'errored');
  const count = (status: CheckResult['status']) => report.results.filter((r) => r.status === status).length;
  const verdictLabel = {
    conformant: 'conformant',
    'not-conformant': 'not conformant',
    errored: 'no verdict: kit error',
  }[report.verdict];
  const contract = report.coverage?.contract;
  const body = [
    `<h1>ContactDrive v2 conformance ${badge(report.verdict, verdictLabel)}</h1>`,
    `<p class="meta">${e(report.target)} · seed ${report.seed} · run ${e(report.runId)} · ${e(report.startedAt)} · ${e(formatDuration(report.durationMs))} · contactdrive-contract-kit ${e(version)}${contract ? ` · contract ${e(contract.version)}` : ''}</p>`,
    `<p>${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped, ${count('errored')} kit errors; ${report.findings.length} findings.</p>`,
    '<h2 id="summary">Summary</h2>',
    '<table><thead><tr><th>Check</th><th>Result</th><th>Requests</th><th>Time</th><th>Findings</th><th>Notes</th></tr></thead>',
    `<tbody>${report.results.map(summaryRow).join('\n')}</tbody></table>`,
    `<h2 id="findings">Findings (${report.findings.length})</h2>`,
    report.findings.length > 0 ? report.findings.map(findingBlock).join('\n') : '<p>No findings.</p>',
    errored.length > 0
      ? `<h2 id="kit-errors">Kit errors (${errored.length})</h2>\n${errored.map(kitErrorBlock).join('\n')}`
      : '',
    coverageSection(report),
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(`ContactDrive v2 conformance: ${verdictLabel} (${report.target})`)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    ...body.filter(Boolean),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
