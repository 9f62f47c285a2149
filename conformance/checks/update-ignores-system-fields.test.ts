import t from 'tap';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeTarget } from '../testing/fake-target.js';
import { findingsOf, runChecks, sendJson, summary } from '../../test/helpers/run-check.js';
import { startReference } from '../../test/helpers/reference.js';
import { updateIgnoresSystemFields } from './update-ignores-system-fields.js';

t.test('passes on the reference server, with the second workspace forged', async (t) => {
  const ref = await startReference(t);
  const report = await ref.run([updateIgnoresSystemFields], { runs: 5 });
  t.same(summary(report.findings), '(no findings)');
  t.equal(report.results[0]!.requests, 8, 'created, updated, read, and asked the second workspace');
});

t.test('fails when a create stores the body as sent, forged cdId and fullname included', async (t) => {
  // Contacts are kept as sent; everything else is the framework's fake target.
  const fake = await startFakeTarget();
  const store = new Map<string, Record<string, unknown>>();
  let n = 0;
  const server = http.createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const path = (req.url ?? '').split('?')[0]!;
    if (req.method === 'POST' || req.method === 'PUT') {
      const body = JSON.parse(text || '{}');
      if (path.endsWith('/contacts/query')) {
        const id = body.conditions?.find((c: { field: string }) => c.field === 'cdId')?.value;
        return sendJson(res, 200, store.has(id) ? [store.get(id)] : []);
      }
      const now = new Date().toISOString();
      const id = req.method === 'PUT' ? path.split('/').pop()! : String(body.contact.cdId ?? `c${++n}`);
      store.set(id, {
        cdId: id,
        fullname: '',
        tags: [],
        externalIds: {},
        createdAt: now,
        updatedAt: now,
        ...store.get(id),
        ...body.contact,
      });
      return sendJson(res, req.method === 'PUT' ? 200 : 201, {
        data: { contactId: id, workspaceId: 'ws-one', created: true, updated: true },
      });
    }
    const answer = await fetch(new URL(req.url!, fake.url.replace(/\/api\/v2$/, '')), {
      method: req.method,
      headers: req.headers as Record<string, string>,
    });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(async () => {
    server.closeAllConnections();
    server.close();
    await fake.close();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
  const findings = findingsOf(
    await runChecks(url, [updateIgnoresSystemFields], { responseChecks: [] }),
    'update-ignores-system-fields',
  );
  t.ok(
    findings.some((f) => f.key === 'update-ignores-system-fields:create'),
    summary(findings),
  );
  t.ok(
    findings.some((f) => f.key === 'update-ignores-system-fields:victim'),
    summary(findings),
  );
});
