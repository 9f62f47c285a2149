import t from 'tap';
import { sampleReport } from '../testing/sample-report.js';
import type { ConformanceReport } from '../types.js';
import { escapeData, escapeProperty, formatGithub } from './github.js';

/** Reads workflow commands back the way the runner does: name, properties, message, unescaped. */
function parseCommands(text: string) {
  const unescape = (s: string) =>
    s.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  return text
    .split('\n')
    .filter((line) => line.startsWith('::'))
    .map((line) => {
      const match = /^::(\w+) title=([^:]*)::(.*)$/.exec(line);
      if (!match) throw new Error(`not a workflow command: ${line}`);
      return { name: match[1]!, title: unescape(match[2]!), message: unescape(match[3]!) };
    });
}

const cases: Array<[string, { given: string; data: string; property: string }]> = [
  ['percent first', { given: '100%0A', data: '100%250A', property: '100%250A' }],
  ['line breaks', { given: 'a\r\nb', data: 'a%0D%0Ab', property: 'a%0D%0Ab' }],
  ['colon and comma only in properties', { given: 'a:b,c', data: 'a:b,c', property: 'a%3Ab%2Cc' }],
];
for (const [name, { given, data, property }] of cases) {
  t.test(`escaping: ${name}`, async (t) => {
    t.equal(escapeData(given), data);
    t.equal(escapeProperty(given), property);
  });
}

t.test('one annotation per finding, by severity, each on one line', async (t) => {
  const text = formatGithub(sampleReport);
  const commands = parseCommands(text);
  const findings = commands.filter((c) => !c.title.startsWith('kit error'));
  t.equal(findings.length, sampleReport.findings.length);
  for (const [i, finding] of sampleReport.findings.entries()) {
    t.equal(findings[i]!.name, { error: 'error', warning: 'warning', info: 'notice' }[finding.severity]);
    t.ok(findings[i]!.title.startsWith(finding.check));
    t.ok(findings[i]!.message.includes(finding.message), 'the message survives escaping whole');
  }
  t.ok(findings[0]!.message.includes(sampleReport.findings[0]!.curl!), 'the curl line is in the annotation');
});

t.test('an errored check is a kit error annotation', async (t) => {
  const kit = parseCommands(formatGithub(sampleReport)).filter((c) => c.title.startsWith('kit error'));
  t.equal(kit.length, 1);
  t.match(kit[0], {
    name: 'error',
    title: 'kit error: query-walk',
    message: /not a finding about the target[\s\S]*Cannot read properties/,
  });
});

t.test('a line break or "::" in a message cannot start another command', async (t) => {
  const report: ConformanceReport = {
    ...sampleReport,
    results: [],
    findings: [{ check: 'x', severity: 'error', key: 'k', message: 'evil\n::warning title=forged::gotcha' }],
  };
  const lines = formatGithub(report)
    .split('\n')
    .filter((line) => line.startsWith('::'));
  t.equal(lines.length, 1);
  t.equal(parseCommands(lines[0]!)[0]!.message.split('\n')[1], '::warning title=forged::gotcha');
});

t.test('never-exercised coverage is one notice; the last line is the verdict', async (t) => {
  const report: ConformanceReport = {
    ...sampleReport,
    coverage: {
      contract: { title: 'T', version: '2' },
      operations: [],
      neverExercised: ['listContacts: parameter offset'],
    },
  };
  const text = formatGithub(report);
  t.match(parseCommands(text).at(-1), {
    name: 'notice',
    title: 'contract coverage: never exercised',
    message: 'listContacts: parameter offset',
  });
  t.match(text.trimEnd().split('\n').at(-1), /^contactdrive-conformance: not-conformant \(1 error finding, seed 42\)/);
});
