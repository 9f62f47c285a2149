/**
 * The formats `contactdrive-contract diff --reporter` writes: text for people,
 * json for tools, junit for CI dashboards, GitHub workflow commands for
 * pull-request annotations, and SARIF 2.1.0 for code-scanning uploads.
 */
import type { DiffReport, LocatedChange } from './report.js';
import { RULES, type ChangeKind } from './rules.js';

const TOOL = 'contactdrive-contract';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function headline(report: DiffReport): string {
  const { breaking, deprecation, additive } = report.counts;
  return `contract diff ${report.base} → ${report.head}: ${breaking} breaking, ${plural(deprecation, 'deprecation')}, ${additive} additive`;
}

const where = (c: LocatedChange) => (c.file ? ` (${c.file}${c.line ? `:${c.line}` : ''})` : ` (#${c.pointer})`);
const subject = (c: LocatedChange) => (c.operation ? `${c.operation}: ` : '');

export function formatText(report: DiffReport): string {
  const lines = [headline(report)];
  for (const c of report.changes) lines.push(`  ${c.kind.padEnd(11)} ${c.rule}  ${subject(c)}${c.message}${where(c)}`);
  if (report.counts.breaking > 0)
    lines.push(
      `${plural(report.counts.breaking, 'breaking change')}: ship them under a new version (/api/v3), not in v2 (D17).`,
    );
  return `${lines.join('\n')}\n`;
}

export function formatJson(report: DiffReport): string {
  return `${JSON.stringify({ base: report.base, head: report.head, counts: report.counts, changes: report.changes }, null, 2)}\n`;
}

/** Characters XML 1.0 cannot hold at all, even escaped. @see https://www.w3.org/TR/xml/#charsets */
const NOT_XML = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function xml(text: string): string {
  return text
    .replace(NOT_XML, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** One testcase per change, a breaking one failed; with no changes, one passing case. */
export function formatJunit(report: DiffReport): string {
  const cases = report.changes.map((c) => {
    const name = xml(`${c.rule} ${subject(c)}${c.message}`);
    const open = `    <testcase classname="contract-diff.${c.kind}" name="${name}"`;
    if (c.kind !== 'breaking') return `${open}/>`;
    return `${open}>\n      <failure type="${xml(c.rule)}" message="${xml(c.message)}">${xml(`${RULES[c.rule].reason}${where(c)}`)}</failure>\n    </testcase>`;
  });
  if (cases.length === 0) cases.push('    <testcase classname="contract-diff" name="no changes"/>');
  const totals = `tests="${cases.length}" failures="${report.counts.breaking}" errors="0" skipped="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${TOOL}-diff" ${totals}>`,
    `  <testsuite name="${xml(`${report.base} → ${report.head}`)}" ${totals}>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** @see https://docs.github.com/en/actions/using-workflows/workflow-commands-for-github-actions */
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
const COMMAND: Record<ChangeKind, string> = { breaking: 'error', deprecation: 'warning', additive: 'notice' };

export function formatGithub(report: DiffReport): string {
  const lines = report.changes.map((c) => {
    const props = [
      c.file ? `file=${escapeProperty(c.file)}` : '',
      c.line ? `line=${c.line}` : '',
      `title=${escapeProperty(`${c.kind} change: ${c.rule}`)}`,
    ].filter(Boolean);
    return `::${COMMAND[c.kind]} ${props.join(',')}::${escapeData(`${subject(c)}${c.message}. ${RULES[c.rule].reason}`)}`;
  });
  lines.push(headline(report));
  return `${lines.join('\n')}\n`;
}

const LEVEL: Record<ChangeKind, string> = { breaking: 'error', deprecation: 'warning', additive: 'note' };

/** @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html */
export function formatSarif(report: DiffReport): string {
  const used = [...new Set(report.changes.map((c) => c.rule))];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL,
            rules: used.map((id) => ({
              id,
              shortDescription: { text: `${RULES[id].kind} change: ${id}` },
              fullDescription: { text: RULES[id].reason },
              defaultConfiguration: { level: LEVEL[RULES[id].kind] },
              properties: { kind: RULES[id].kind },
            })),
          },
        },
        results: report.changes.map((c) => ({
          ruleId: c.rule,
          ruleIndex: used.indexOf(c.rule),
          level: LEVEL[c.kind],
          message: { text: `${subject(c)}${c.message}` },
          locations: [
            {
              ...(c.file
                ? {
                    physicalLocation: {
                      artifactLocation: { uri: c.file },
                      ...(c.line ? { region: { startLine: c.line } } : {}),
                    },
                  }
                : {}),
              logicalLocations: [
                {
                  fullyQualifiedName: `${c.side === 'base' ? report.base : report.head}#${c.pointer}`,
                  ...(c.operation ? { name: c.operation } : {}),
                },
              ],
            },
          ],
          properties: { kind: c.kind, side: c.side, pointer: c.pointer },
        })),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

export const DIFF_REPORTERS = {
  text: formatText,
  json: formatJson,
  junit: formatJunit,
  github: formatGithub,
  sarif: formatSarif,
} satisfies Record<string, (report: DiffReport) => string>;

export type DiffReporterName = keyof typeof DIFF_REPORTERS;

export const isDiffReporterName = (name: string): name is DiffReporterName => Object.hasOwn(DIFF_REPORTERS, name);
