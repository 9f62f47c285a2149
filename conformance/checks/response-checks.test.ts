/**
 * The response checks over real HTTP: a fake target answers one list request
 * (and one unknown route) with a particular bug, and the matching response
 * check must report it while the others stay quiet.
 */
import type http from 'node:http';
import t from 'tap';
import { unfold } from '../findings.js';
import type { Check } from '../types.js';
import { runChecks, sendJson, startBuggyTarget, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { responseChecks } from './index.js';
import { operationsSmoke } from './operations-smoke.js';
import { paginationInvalid } from './pagination-invalid.js';

const lists: Check = {
  id: 'lists',
  description: 'one list request and one unknown route',
  area: 'responses',
  writes: false,
  async run(ctx) {
    await ctx.client.call('listContacts', { query: { limit: 5 } });
    await ctx.client.raw('GET', '/webhooks');
  },
};

type Bug = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;
const html =
  (status: number): Bug =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html' });
    res.end('<html><body>oops</body></html>');
  };

const cases: Array<[string, { list?: Bug; unknown?: Bug; want: string[] }]> = [
  [
    'a 500',
    {
      list: (_q, res) => sendJson(res, 500, { error: { code: 'INTERNAL_ERROR', message: 'Boom.' } }),
      want: ['not-a-server-error:listContacts:500'],
    },
  ],
  ['a 200 HTML page', { list: html(200), want: ['content-type-conformance:listContacts:200'] }],
  [
    'an undeclared 400',
    {
      list: (_q, res) => sendJson(res, 400, { error: { code: 'VALIDATION_ERROR', message: 'Bad.', field: 'limit' } }),
      want: ['error-envelope:listContacts:400:code', 'status-code-conformance:listContacts:400'],
    },
  ],
  [
    'a 422 without the envelope',
    {
      list: (_q, res) => sendJson(res, 422, { message: 'limit is bad' }),
      want: ['error-envelope:listContacts:422:envelope', 'response-schema-conformance:listContacts:422'],
    },
  ],
  [
    'a list of bare strings',
    { list: (_q, res) => sendJson(res, 200, ['cd_1']), want: ['response-schema-conformance:listContacts:200'] },
  ],
  [
    'an unknown route answered by the framework default',
    { unknown: html(404), want: ['content-type-conformance:raw GET:404', 'error-envelope:raw GET:404:envelope'] },
  ],
  [
    'an unknown route answered 200',
    { unknown: (_q, res) => sendJson(res, 200, {}), want: ['status-code-conformance:raw not-found:200'] },
  ],
  [
    'a dropped connection',
    { list: (req) => req.socket.destroy(), want: ['not-a-server-error:listContacts:UND_ERR_SOCKET'] },
  ],
  [
    'bytes that are not HTTP',
    { list: (req) => req.socket.end('garbage\r\n\r\n'), want: ['not-a-server-error:listContacts:HTTPParserError'] },
  ],
  ['no answer at all', { list: () => undefined, want: ['not-a-server-error:listContacts:timeout'] }],
];

for (const [name, { list, unknown, want }] of cases) {
  t.test(`reports ${name}`, async (t) => {
    const target = await startBuggyTarget((req, res, path) => {
      const bug = path.endsWith('/contacts') ? list : path.endsWith('/webhooks') ? unknown : undefined;
      if (!bug) return false;
      bug(req, res);
      return true;
    });
    t.teardown(() => target.close());
    const report = await runChecks(target.url, [lists], { responseChecks, timeoutMs: 500 });
    const ids = new Set(responseChecks.map((c) => c.id));
    const keys = unfold(report.findings)
      .filter((f) => ids.has(f.check))
      .map((f) => f.key)
      .sort();
    t.same(keys, want, summary(report.findings));
  });
}

t.test('reports nothing on a correct answer', async (t) => {
  const target = await startBuggyTarget(() => false);
  t.teardown(() => target.close());
  const report = await runChecks(target.url, [lists], { responseChecks });
  t.same(summary(report.findings), '(no findings)');
});

t.test('on the reference server with its faults', async (t) => {
  const faults: Array<[string, string]> = [
    ['contact-missing-tags', 'response-schema-conformance:listContacts:200'],
    ['error-field-missing', 'error-envelope:listContacts:422:field'],
  ];
  for (const [fault, want] of faults) {
    const ref = await startReference(t, { faults: [fault] });
    const report = await ref.run([operationsSmoke, paginationInvalid], { runs: 5 });
    t.ok(
      unfold(report.findings).some((f) => f.key === want),
      `${fault}: ${want}\n${summary(report.findings)}`,
    );
  }
});

// Every benign variation of the catalogue passes the whole suite in test/faults/.
