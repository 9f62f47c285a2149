import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import t, { type Test } from 'tap';
import { loadContract } from '../../spec/index.js';
import { createCoverage } from '../coverage.js';
import { sampleReport } from '../testing/sample-report.js';
import type { ConformanceReport } from '../types.js';
import { escapeHtml, formatHtml } from './html.js';

const CHROMIUM = '/usr/bin/chromium';

const contract = await loadContract();
const report: ConformanceReport = { ...sampleReport, coverage: createCoverage(contract).result() };
const html = formatHtml(report);

t.test('escaping leaves no markup and no character HTML cannot hold', async (t) => {
  t.equal(escapeHtml(`<a href="x">&'`), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  t.equal(escapeHtml('a\u0001b\uD800c'), 'a\\u{1}b\\u{d800}c');
  t.equal(escapeHtml('ünïcødé 😀'), 'ünïcødé 😀');
});

t.test('the page is self-contained: nothing is fetched and nothing runs', async (t) => {
  t.notMatch(html, /<script|<link|<img|<iframe|src=|url\(|@import/i);
  t.notMatch(html, /<tag>/, "the sample's <tag> is escaped");
});

/** The page's text as Chromium renders it (`innerText`), read back through --dump-dom. */
async function renderedText(t: Test, page: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'html-report-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  // Only the test adds a script, after the report: it copies the rendered text into the DOM.
  const probe =
    '<script>const p = document.createElement("pre"); p.id = "rendered-text"; p.textContent = document.body.innerText; document.body.replaceChildren(p);</script>';
  const file = join(dir, 'report.html');
  writeFileSync(file, page.replace('</body>', `${probe}</body>`));
  const { stdout } = await promisify(execFile)(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${join(dir, 'profile')}`,
      '--dump-dom',
      pathToFileURL(file).href,
    ],
    { timeout: 60_000, maxBuffer: 16 << 20 },
  );
  const match = /<pre id="rendered-text">([\s\S]*?)<\/pre>/.exec(stdout);
  if (!match) throw new Error(`no rendered text in Chromium's DOM:\n${stdout.slice(0, 500)}`);
  return match[1]!
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

t.test(
  'rendered in headless Chromium',
  { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install chromium)` },
  async (t) => {
    const text = await renderedText(t, html);
    const failure = sampleReport.findings.find((f) => f.severity === 'error')!;
    t.match(text, /ContactDrive v2 conformance\s+not conformant/, 'the verdict');
    for (const result of sampleReport.results) t.ok(text.includes(result.check), `the summary lists ${result.check}`);
    t.match(text, /query-walk\s+queries page\s+kit error/, 'an errored check has its own badge in the summary');
    t.ok(text.includes("TypeError: Cannot read properties of undefined (reading 'cdId')"), 'the kit error is shown');
    t.ok(text.includes('page 2 repeats contact cd_1: a <tag> & "quote" \'apos\''), 'markup in a message shows as text');
    t.ok(text.includes(`${failure.request!.method} ${failure.request!.url}`), 'the request line');
    t.ok(text.includes('200 in 3ms'), 'the response status');
    t.ok(text.includes(failure.curl!), 'the curl line, whole');
    t.ok(text.includes(failure.reproduce!), 'the reproduce command');
    t.match(text, /Contract coverage/);
    t.ok(text.includes(report.coverage!.neverExercised[0]!), 'what was never exercised');
    t.notOk(text.includes('<span'), 'no markup leaks into the text');
  },
);

t.test('a conformant run renders its own verdict and no findings', async (t) => {
  const passing: ConformanceReport = {
    ...report,
    results: [sampleReport.results[0]!],
    findings: [],
    conformant: true,
    verdict: 'conformant',
  };
  const page = formatHtml(passing);
  t.match(page, /<span class="badge conformant">conformant<\/span>/);
  t.match(page, /<p>No findings\.<\/p>/);
  t.notMatch(page, /Kit errors/);
});
