/**
 * JUnit XML for CI dashboards: one testsuite, one testcase per check, a
 * `<failure>` with the findings' text for a failed check, `<skipped/>` for a
 * skipped one.
 */
import type { CheckResult, ConformanceReport } from '../types.js';
import { findingText, kitErrorText, skipReason } from './excerpt.js';

/** Characters XML 1.0 cannot hold at all, even escaped. @see https://www.w3.org/TR/xml/#charsets */
const NOT_XML = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlEscape(text: string): string {
  return text
    .replace(NOT_XML, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testcase(result: CheckResult): string[] {
  const classname = result.kind === 'response-check' ? 'conformance.response-checks' : 'conformance.checks';
  const open = `    <testcase classname="${classname}" name="${xmlEscape(result.check)}" time="${seconds(result.durationMs)}"`;
  const body: string[] = [];
  if (result.status === 'errored') {
    // `<error>`: the test could not run (the kit failed), unlike `<failure>`, a finding about the target.
    const text = [...kitErrorText(result), ...result.findings.map((f) => findingText(f).join('\n'))].join('\n');
    const [type, what] =
      result.error?.kind === 'time-limit'
        ? ['time-limit', 'the run ran out of time']
        : ['kit-error', 'the kit failed on this check'];
    body.push(
      `      <error type="${type}" message="${xmlEscape(`${what}: ${result.error?.message ?? ''}`)}">${xmlEscape(text)}</error>`,
    );
  } else if (result.status === 'skipped') {
    body.push(`      <skipped message="${xmlEscape(skipReason(result.notes))}"/>`);
  } else if (result.status === 'failed') {
    const errors = result.findings.filter((f) => f.severity === 'error');
    const text = result.findings.map((f) => findingText(f).join('\n')).join('\n\n');
    body.push(
      `      <failure type="conformance" message="${xmlEscape(`${errors.length} error finding${errors.length === 1 ? '' : 's'}: ${errors[0]?.message ?? ''}`)}">${xmlEscape(text)}</failure>`,
    );
  } else if (result.findings.length > 0) {
    body.push(
      `      <system-out>${xmlEscape(result.findings.map((f) => findingText(f).join('\n')).join('\n\n'))}</system-out>`,
    );
  }
  if (result.notes.length > 0 && result.status !== 'skipped') {
    body.push(`      <system-err>${xmlEscape(result.notes.join('\n'))}</system-err>`);
  }
  return body.length === 0 ? [`${open}/>`] : [`${open}>`, ...body, '    </testcase>'];
}

export function formatJunit(report: ConformanceReport): string {
  const count = (status: CheckResult['status']) => report.results.filter((r) => r.status === status).length;
  const totals = `tests="${report.results.length}" failures="${count('failed')}" errors="${count('errored')}" skipped="${count('skipped')}" time="${seconds(report.durationMs)}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="contactdrive-conformance" ${totals}>`,
    `  <testsuite name="contactdrive-conformance" ${totals} timestamp="${xmlEscape(report.startedAt)}">`,
    '    <properties>',
    `      <property name="target" value="${xmlEscape(report.target)}"/>`,
    `      <property name="seed" value="${report.seed}"/>`,
    `      <property name="runId" value="${xmlEscape(report.runId)}"/>`,
    '    </properties>',
    ...report.results.flatMap(testcase),
    '  </testsuite>',
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}
