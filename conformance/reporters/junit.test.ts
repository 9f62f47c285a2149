import t from 'tap';
import { sampleReport } from '../testing/sample-report.js';
import { formatJunit, xmlEscape } from './junit.js';

/** A strict enough well-formedness check: balanced tags, only entity-escaped text, legal characters. */
function wellFormednessProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>\n/, '');
  const token =
    /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w.-]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = token.exec(body))) {
    consumed = token.lastIndex;
    const [, closing, name, , selfClosing, text] = match;
    if (text !== undefined) {
      if (/[&<>]/.test(text.replace(/&(amp|lt|gt|quot|apos);/g, '')))
        problems.push(`unescaped text: ${text.slice(0, 40)}`);
      continue;
    }
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open}>`);
    } else if (!selfClosing) stack.push(name!);
  }
  if (consumed !== body.length) problems.push(`unparseable from: ${body.slice(consumed, consumed + 40)}`);
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(xml)) problems.push('characters XML cannot hold');
  return problems;
}

t.test('JUnit XML is well formed and escaped', async (t) => {
  const xml = formatJunit(sampleReport);
  t.same(wellFormednessProblems(xml), []);
  t.same(
    wellFormednessProblems('<a><b></a>'),
    ['</a> closes <b>', 'unclosed: a'],
    'the checker itself catches breakage',
  );
  t.match(xml, /<testsuites name="contactdrive-conformance" tests="5" failures="1" errors="1" skipped="1"/);
  t.equal(xml.match(/<testsuite /g)?.length, 1, 'one testsuite');
  t.equal(xml.match(/<testcase /g)?.length, 5, 'a testcase per check');
  t.match(
    xml,
    /<testcase classname="conformance.checks" name="query-walk" time="0.010">\n\s+<error type="kit-error" message="the kit failed on this check: TypeError/,
    'an errored check is an <error>, not a <failure>',
  );
  t.match(xml, /<property name="seed" value="42"\/>/);
  t.match(
    xml,
    /<testcase classname="conformance.checks" name="pagination-walk" time="0.900">\n\s+<failure type="conformance" message="1 error finding: page 2 repeats/,
  );
  t.match(xml, /a &lt;tag&gt; &amp; &quot;quote&quot; &apos;apos&apos;/);
  t.match(xml, /\\u\{1\} ctrl/);
  t.match(xml, /<skipped message="the check writes data and --read-only is set # really"\/>/);
  t.match(xml, /curl: curl -sS -i -g &apos;http/);
  t.match(
    xml,
    /<testcase classname="conformance.response-checks" name="schema" time="0.004">\n\s+<system-out>\[warning\]/,
  );
});

t.test('xmlEscape', async (t) => {
  t.equal(xmlEscape(`<a href="x">&'</a>`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
  t.equal(xmlEscape('\u0000\ud800ok😀'), '\\u{0}\\u{d800}ok😀');
});
