import http from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { loadContract, NAMES } from '../../spec/index.js';
import { startFakeTarget } from '../testing/fake-target.js';
import { findingsOf, runChecks, summary } from '../../test/helpers/run-check.js';
import { startReference, type Teardown } from '../../test/helpers/reference.js';
import { paginationConsistency } from './pagination-consistency.js';

const ID = 'pagination-consistency';

t.test('passes on the reference server, creating contacts to page through', async (t) => {
  for (const seed of [7, 8, 9]) {
    const ref = await startReference(t);
    const report = await ref.run([paginationConsistency], { runs: 25, seed });
    t.same(summary(report.findings), '(no findings)', `seed ${seed}`);
    t.ok(report.results.find((r) => r.check === ID)!.requests > 25 + 25);
  }
});

t.test('passes read-only on the reference server, with the contacts that exist', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([paginationConsistency], { runs: 10, readOnly: true });
  const result = report.results.find((r) => r.check === ID)!;
  t.equal(result.status, 'passed', summary(report.findings));
  t.match(result.notes.join('\n'), /read-only/);
});

t.test('passes on a reference workspace of 3,000 more contacts, reading both ends of the list', async (t) => {
  const ref = await startReference(t, { faults: ['large-workspace-3000'] });
  const report = await ref.run([paginationConsistency], { runs: 25 });
  t.same(summary(report.findings), '(no findings)');
});

t.test('fails when list offsets are off by one (fault list-offset-off-by-one)', async (t) => {
  const ref = await startReference(t, { faults: ['list-offset-off-by-one'] });
  const findings = findingsOf(await ref.run([paginationConsistency], { runs: 10, responseChecks: [] }), ID);
  const keys = findings.map((f) => f.key);
  t.ok(keys.includes(`${ID}:listContacts~queryContacts:differs`), summary(findings));
  t.ok(keys.includes(`${ID}:listContacts:end`), summary(findings));
});

interface WorkspaceBugs {
  /** Contacts already there (default 30). */
  count?: number;
  /** Pages from this offset on start one item early, so they repeat the previous page's last item. */
  overlapFrom?: number;
  /** Newest first instead of createdAt ascending. */
  newestFirst?: boolean;
  /** New contacts get a createdAt before every other contact, so they are listed first. */
  backdated?: boolean;
  /** Not a bug: another writer creates a contact before every page is read. */
  writer?: boolean;
  /** The page at this offset is one item short, as if it were the last. */
  shortAt?: number;
  /** The count says this many more than there are. */
  countExtra?: number;
}

/**
 * A workspace of synthetic contacts behind GET /contacts, POST /contacts/query
 * (pages and countOnly) and POST /contacts, with one paging bug at a time; the
 * contacts are made on demand, so it can be large. Everything else goes to
 * the framework's fake target.
 */
async function startFakeWorkspace(bugs: WorkspaceBugs = {}) {
  const contract = await loadContract();
  const fake = await startFakeTarget();
  const route = (id: string) => `${contract.basePath}${contract.operation(id).path}`;
  const count = bugs.count ?? 30;
  const made = (i: number, base: number) => {
    const at = new Date(base + i * 1000).toISOString();
    return {
      cdId: `cd_${base}_${String(i).padStart(8, '0')}`,
      fullname: `L${i}`,
      tags: [],
      externalIds: {},
      createdAt: at,
      updatedAt: at,
    };
  };
  const created: Array<Record<string, unknown>> = [];
  const total = () => count + created.length;
  const atPosition = (j: number) => {
    const i = bugs.newestFirst ? total() - 1 - j : j;
    if (bugs.backdated) return i < created.length ? created[i]! : made(i - created.length, Date.UTC(2026, 0, 1));
    return i < count ? made(i, Date.UTC(2026, 0, 1)) : created[i - count]!;
  };
  const page = (limit: number, offset: number) => {
    if (bugs.writer) created.push(made(created.length, bugs.backdated ? Date.UTC(2025, 0, 1) : Date.UTC(2027, 0, 1)));
    const start = bugs.overlapFrom !== undefined && offset > 0 && offset >= bugs.overlapFrom ? offset - 1 : offset;
    const items = [];
    const stop = Math.min(total(), start + limit - (offset === bugs.shortAt ? 1 : 0));
    for (let j = start; j < stop; j++) items.push(atPosition(j));
    return items;
  };
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const upstream = new URL(fake.url);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      const body = Buffer.concat(chunks);
      const authorized = /^Bearer /i.test(req.headers.authorization ?? '');
      if (authorized && req.method === 'GET' && url.pathname === route('listContacts'))
        return send(
          res,
          200,
          page(
            Number(url.searchParams.get(NAMES.query.limit) ?? 10),
            Number(url.searchParams.get(NAMES.query.offset) ?? 0),
          ),
        );
      if (authorized && req.method === 'POST' && url.pathname === route('queryContacts')) {
        const query = JSON.parse(body.toString() || '{}') as Record<string, unknown>;
        if (query.countOnly === true) return send(res, 200, { count: total() + (bugs.countExtra ?? 0) });
        return send(res, 200, page(Number(query.limit ?? 10), Number(query.offset ?? 0)));
      }
      if (authorized && req.method === 'POST' && url.pathname === route('createContact')) {
        const base = bugs.backdated ? Date.UTC(2025, 0, 1) : Date.UTC(2027, 0, 1);
        const contact = made(created.length, base);
        created.push(contact);
        return send(res, 201, { data: { contactId: contact.cdId, workspaceId: 'ws-one', created: true } });
      }
      const forwarded = http.request(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(res);
        },
      );
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${contract.basePath}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await fake.close();
    },
  };
}

async function findingsOn(t: Teardown, bugs: WorkspaceBugs) {
  const target = await startFakeWorkspace(bugs);
  t.teardown(() => target.close());
  const report = await runChecks(target.url, [paginationConsistency], { runs: 20, responseChecks: [] });
  return { findings: findingsOf(report, ID), result: report.results.find((r) => r.check === ID)! };
}

const bugs: Array<[string, { bug: WorkspaceBugs; want: string[] }]> = [
  ['pages overlap', { bug: { count: 230, overlapFrom: 1 }, want: ['listContacts:slice', 'queryContacts:order'] }],
  [
    'the list is newest first',
    { bug: { count: 230, newestFirst: true }, want: ['listContacts:order', 'listContacts:append'] },
  ],
  [
    'pages overlap only far from the start',
    { bug: { count: 100_000, overlapFrom: 99_950 }, want: ['listContacts:order', 'queryContacts:order'] },
  ],
  [
    'new contacts are listed first, in order by a backdated createdAt',
    { bug: { count: 5_000, backdated: true }, want: ['listContacts:missing', 'queryContacts:missing'] },
  ],
  [
    'a page inside the list is short, as if it were the last',
    { bug: { count: 5_000, shortAt: 100 }, want: ['listContacts:end', 'queryContacts:end'] },
  ],
  [
    'the count is one too many',
    { bug: { count: 5_000, countExtra: 1 }, want: ['listContacts:end', 'queryContacts:end'] },
  ],
];

for (const [name, { bug, want }] of bugs) {
  t.test(`fails when ${name}`, async (t) => {
    const { findings } = await findingsOn(t, bug);
    for (const key of want)
      t.ok(
        findings.some((f) => f.key === `${ID}:${key}`),
        `${key}\n${summary(findings)}`,
      );
  });
}

t.test('passes on a correct fake workspace, small or large, with requests that do not grow with it', async (t) => {
  const requests: number[] = [];
  for (const count of [230, 100_000]) {
    const { findings, result } = await findingsOn(t, { count });
    t.same(summary(findings), '(no findings)', `${count} contacts`);
    requests.push(result.requests);
  }
  t.ok(requests[1]! <= requests[0]! + 10, `requests at 230 and 100,000 contacts: ${requests.join(', ')}`);
});

t.test('passes while another writer appends a contact before every page is read', async (t) => {
  for (const count of [150, 5_000]) {
    const { findings } = await findingsOn(t, { count, writer: true });
    t.same(summary(findings), '(no findings)', `${count} contacts`);
  }
});
