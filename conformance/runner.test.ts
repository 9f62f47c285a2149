import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as fc from 'fast-check';
import t from 'tap';
import { TargetError, UsageError } from './errors.js';
import { DEFAULT_SPEC_PATH, loadContract } from '../spec/index.js';
import { editedSpec } from '../spec/testing/edited-spec.js';
import { exitStatus, runConformance, type RunnerOptions } from './runner.js';
import { readLimitBytes } from './support/response-size.js';
import { FAKE_KEY, FAKE_KEY_2, startFakeTarget, type FakeTarget } from './testing/fake-target.js';
import type { Check, ResponseCheck } from './types.js';

const check = (id: string, run: Check['run'], extra: Partial<Check> = {}): Check => ({
  id,
  description: `fake check ${id}`,
  area: 'data',
  writes: false,
  run,
  ...extra,
});

const lists: Check = check('lists', async (ctx) => {
  await ctx.client.call('listContacts', { query: { limit: 1 } });
  await ctx.client.raw('GET', '/nowhere');
});

const flags404: ResponseCheck = {
  id: 'no-404',
  description: 'flags every 404',
  area: 'responses',
  inspect: (response, operation) =>
    response.status === 404
      ? { severity: 'error', key: `404:${operation?.id ?? 'raw'}`, message: `got 404 for ${response.request.url}` }
      : undefined,
};

let target: FakeTarget;
t.before(async () => {
  target = await startFakeTarget();
});
t.teardown(() => target.close());

const run = (options: Partial<RunnerOptions> & Pick<RunnerOptions, 'registry'>) =>
  runConformance({ baseUrl: target.url, apiKey: FAKE_KEY, seed: 42, runs: 20, ...options });

t.test('passing, crashing and skipped checks', async (t) => {
  const report = await run({
    apiKey2: undefined,
    readOnly: true,
    registry: {
      checks: [
        lists,
        check('boom', async () => {
          throw new TypeError('kaput');
        }),
        check('writer', async () => void t.fail('must not run'), { writes: true }),
        check('two-keys', async () => void t.fail('must not run'), { needsSecondKey: true }),
      ],
      responseChecks: [flags404],
    },
  });
  const byId = Object.fromEntries(report.results.map((r) => [r.check, r]));
  t.equal(byId.lists!.status, 'passed');
  t.equal(byId.lists!.requests, 2);
  t.equal(byId.lists!.kind, 'check');
  // A check that throws is the kit failing, never a finding about the target.
  t.equal(byId.boom!.status, 'errored');
  t.same(byId.boom!.findings, []);
  t.match(byId.boom!.error, { message: 'TypeError: kaput', reproduce: /--checks boom$/ });
  t.ok(byId.boom!.error!.stack.length > 0, 'with the frames that threw');
  t.equal(byId.writer!.status, 'skipped');
  t.match(byId.writer!.notes[0], /--read-only/);
  t.equal(byId['two-keys']!.status, 'skipped');
  t.match(byId['two-keys']!.notes[0], /--api-key-2/);
  const rc = byId['no-404']!;
  t.equal(rc.kind, 'response-check');
  t.equal(rc.status, 'failed');
  t.equal(rc.requests, 2, 'inspected both responses');
  t.equal(rc.findings[0]!.key, '404:raw');
  t.match(rc.findings[0]!.reproduce, /--seed 42 --runs 20 --read-only --checks lists,no-404$/);
  t.match(rc.findings[0]!.curl, /^curl .*\/nowhere/);
  t.equal(report.conformant, false);
  t.equal(report.verdict, 'not-conformant', 'a real error finding decides the verdict over a crash');
  t.equal(report.seed, 42);
  t.equal(report.findings[0]!.severity, 'error');
});

t.test('a crash alone is no verdict: errored, exit status 2', async (t) => {
  const report = await run({
    registry: {
      checks: [
        lists,
        check('boom', async () => {
          throw new TypeError('kaput');
        }),
      ],
      responseChecks: [
        {
          id: 'inspector-boom',
          description: 'throws on every response',
          area: 'responses',
          inspect: () => {
            throw new RangeError('inspector kaput');
          },
        },
      ],
    },
  });
  t.equal(report.verdict, 'errored');
  t.equal(report.conformant, false);
  t.same(report.findings, [], 'nothing is blamed on the target');
  t.equal(exitStatus(report), 2);
  const inspector = report.results.find((r) => r.check === 'inspector-boom')!;
  t.equal(inspector.status, 'errored', 'a response check that throws errors too');
  t.match(inspector.error!.message, /RangeError: inspector kaput/);
  t.equal(exitStatus({ verdict: 'conformant' }), 0);
  t.equal(exitStatus({ verdict: 'not-conformant' }), 1);
});

t.test('the second key gives a second client and workspace', async (t) => {
  let seen: string | undefined;
  const report = await run({
    apiKey2: FAKE_KEY_2,
    registry: {
      checks: [
        check(
          'two-keys',
          async (ctx) => {
            const res = await ctx.secondClient!.call('getWhoami');
            seen = `${ctx.workspace.workspaceId}/${ctx.secondWorkspace!.workspaceId}/${(res.json as { workspaceId: string }).workspaceId}`;
            t.same(ctx.workspace.customFields, [
              { slug: 'level', type: 'number' },
              { slug: 'note', type: 'string' },
            ]);
          },
          { needsSecondKey: true },
        ),
      ],
      responseChecks: [],
    },
  });
  t.equal(seen, 'ws-one/ws-two/ws-two');
  t.equal(report.results[0]!.status, 'passed');
  t.equal(report.results[0]!.requests, 1);
  t.equal(report.conformant, true);
});

t.test('keys never appear in the report', async (t) => {
  const report = await run({
    apiKey2: FAKE_KEY_2,
    registry: {
      checks: [
        check('leaky', async (ctx) => {
          const res = await ctx.client.call('getWhoami', { auth: 'query' });
          ctx.report({
            severity: 'warning',
            key: 'leak',
            message: `key ${FAKE_KEY} and ${FAKE_KEY_2}`,
            request: res.request,
            response: res.response,
          });
          ctx.note(`note with ${FAKE_KEY_2}`);
        }),
      ],
      responseChecks: [],
    },
  });
  const text = JSON.stringify(report);
  t.notMatch(text, FAKE_KEY);
  t.notMatch(text, FAKE_KEY_2);
  t.match(report.findings[0]!.curl, /"\$CONTACTDRIVE_API_KEY"/);
  t.equal(report.results[0]!.status, 'passed', 'a warning does not fail the check');
});

t.test('unknown ids and a second key of the same workspace are usage errors', async (t) => {
  await t.rejects(run({ checks: ['nope'], registry: { checks: [lists], responseChecks: [flags404] } }), {
    name: 'UsageError',
    message: /unknown check id: nope; valid ids: lists, no-404/,
  });
  const same = await startFakeTarget({ keys: { [FAKE_KEY]: 'ws', [FAKE_KEY_2]: 'ws' } });
  t.teardown(() => same.close());
  await t.rejects(
    runConformance({
      baseUrl: same.url,
      apiKey: FAKE_KEY,
      apiKey2: FAKE_KEY_2,
      registry: { checks: [lists], responseChecks: [] },
    }),
    UsageError,
  );
  for (const bad of ['key\nwith-a-line-break', ' padded', 'ключ']) {
    await t.rejects(
      run({ apiKey: bad, registry: { checks: [lists], responseChecks: [] } }),
      { name: 'UsageError', message: /--api-key holds characters an HTTP header cannot carry/ },
      JSON.stringify(bad),
    );
  }
});

t.test('a spec whose names do not match the vocabulary stops the run before any request', async (t) => {
  const renamed = editedSpec(t, [['name: dryRun\n', 'name: preview\n']]);
  const before = target.requests.length;
  await t.rejects(run({ specPath: renamed, registry: { checks: [lists], responseChecks: [] } }), {
    name: 'UsageError',
    message:
      /the contract .*openapi\.yaml cannot be used: spec: the vocabulary does not match: .*query parameter dryRun/,
  });
  t.equal(target.requests.length, before, 'nothing was sent to the target');
  const report = await run({ specPath: DEFAULT_SPEC_PATH, registry: { checks: [lists], responseChecks: [] } });
  t.equal(report.verdict, 'conformant', "the kit's own document, given as a path, runs");
});

t.test('selection: --checks and --skip over both kinds', async (t) => {
  const registry = { checks: [lists, check('other', async () => {})], responseChecks: [flags404] };
  const ids = async (options: Partial<RunnerOptions>) =>
    (await run({ registry, ...options })).results.map((r) => r.check).join(',');
  t.equal(await ids({ checks: ['other'] }), 'other,no-404', 'naming only checks keeps response checks');
  t.equal(await ids({ checks: ['no-404'] }), 'lists,other,no-404', 'naming only response checks keeps checks');
  t.equal(await ids({ checks: ['lists', 'no-404'], skip: ['no-404'] }), 'lists');
});

t.test('targets that cannot be tested', async (t) => {
  const registry = { checks: [lists], responseChecks: [] };
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const started = Date.now();
  const unreachable = await runConformance({
    baseUrl: `http://127.0.0.1:${port}/api/v2`,
    apiKey: FAKE_KEY,
    registry,
  }).catch((e: unknown) => e);
  t.equal((unreachable as TargetError).problem, 'unreachable');
  t.ok(Date.now() - started < 5000, 'fails fast');

  const html = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><p>Welcome</p>');
  });
  await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => html.close(resolve)));
  const htmlUrl = `http://127.0.0.1:${(html.address() as AddressInfo).port}/api/v2`;
  const error = await runConformance({ baseUrl: htmlUrl, apiKey: FAKE_KEY, registry }).catch((e: unknown) => e);
  t.type(error, TargetError);
  t.equal((error as TargetError).problem, 'not-contactdrive');
  t.match((error as TargetError).message, /text\/html/);

  const rejected = await runConformance({ baseUrl: target.url, apiKey: 'wrong-key', registry }).catch(
    (e: unknown) => e,
  );
  t.equal((rejected as TargetError).problem, 'bad-key');
});

t.test('the overall time limit stops a hung check and the rest: no verdict, not a finding', async (t) => {
  const started = Date.now();
  const report = await run({
    overallTimeoutMs: 400,
    registry: {
      checks: [
        lists,
        check('hangs', async (ctx) => {
          await ctx.client.call('getWhoami');
          await new Promise(() => {});
        }),
        check('after', async () => void t.fail('must not run')),
      ],
      responseChecks: [],
    },
  });
  t.ok(Date.now() - started < 3000, 'bounded');
  const [first, hung, after] = report.results;
  t.equal(first!.status, 'passed');
  t.equal(hung!.status, 'errored');
  t.match(hung!.error, {
    kind: 'time-limit',
    message: /^stopped after \d+ ms: the run's time limit of 400 ms was reached; raise --overall-timeout/,
  });
  t.equal(hung!.requests, 1);
  t.equal(after!.status, 'errored');
  t.match(after!.error!.message, /^not run/);
  t.same(report.findings, [], 'a slow target is not blamed for the time limit');
  t.equal(report.verdict, 'errored');
  t.equal(exitStatus(report), 2);
});

t.test('transport failures reach response checks; oversized bodies fail the check', async (t) => {
  // Past the largest response the contract's declared fields allow; anything under it is read whole.
  const limit = readLimitBytes(await loadContract());
  const odd = await startFakeTarget({
    handle: (req, res) => {
      if (req.url?.includes('/reset')) {
        req.socket.destroy();
        return true;
      }
      if (req.url?.includes('/huge')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(Buffer.alloc(limit + 1024, 0x20));
        return true;
      }
      if (req.url?.includes('/large')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`[${'"x",'.repeat(1_000_000)}"x"]`);
        return true;
      }
      return false;
    },
  });
  t.teardown(() => odd.close());
  const failedExchanges: ResponseCheck = {
    id: 'no-transport-failure',
    description: 'flags failed exchanges',
    area: 'responses',
    inspect: (response) =>
      response.error
        ? { severity: 'error', key: 'failed', message: response.error, request: response.request }
        : undefined,
  };
  const report = await runConformance({
    baseUrl: odd.url,
    apiKey: FAKE_KEY,
    seed: 1,
    registry: {
      checks: [
        check('meets-reset', async (ctx) => {
          const res = await ctx.client.raw('GET', '/reset');
          t.equal(res.status, 0);
        }),
        check('meets-huge', async (ctx) => {
          const large = await ctx.client.raw('GET', '/large');
          t.equal(large.truncated, undefined, 'a 4 MB body is read whole');
          t.equal((large.json as unknown[]).length, 1_000_001);
          const res = await ctx.client.raw('GET', '/huge');
          t.equal(res.truncated, true);
        }),
      ],
      responseChecks: [failedExchanges],
    },
  });
  const [reset, huge, inspector] = report.results;
  t.equal(reset!.status, 'passed', 'the sending check decides what a failed exchange means');
  t.equal(huge!.status, 'failed');
  t.match(huge!.findings[0]!.key, /^response-too-large:GET \/api\/v2\/huge$/);
  t.equal(inspector!.requests, 3);
  t.equal(inspector!.findings[0]!.key, 'failed');
  t.match(inspector!.findings[0]!.curl, /\/reset/);
  t.match(inspector!.findings[0]!.reproduce, /--checks meets-reset,no-transport-failure$/);
});

t.test('progress events', async (t) => {
  const events: string[] = [];
  await run({
    registry: { checks: [lists, check('other', async () => {})], responseChecks: [] },
    onProgress: (event) =>
      events.push(event.type === 'check-end' ? `end:${event.result.check}:${event.result.status}` : event.type),
  });
  t.same(events, ['run-start', 'check-start', 'end:lists:passed', 'check-start', 'end:other:passed']);
});

/** A check whose property fails on any limit above 10 the target accepts; `sent` gets each limit tried. */
const smallLimitsOnly = (id: string, sent: number[]) =>
  check(id, async (ctx) => {
    await ctx.property({
      name: 'small limits only',
      arbitrary: fc.integer({ min: 1, max: 1000 }),
      predicate: async (n) => {
        const res = await ctx.client.call('listContacts', { query: { limit: n } });
        sent.push(n);
        return n > 10 && res.status === 200
          ? { severity: 'error', key: 'too-big', operation: 'listContacts', message: `limit ${n} accepted` }
          : undefined;
      },
    });
  });

t.test('properties are seeded per check and property, shrunk, and replayable', async (t) => {
  const sent: number[] = [];
  const shrinking = smallLimitsOnly('shrinks', sent);
  const registry = {
    checks: [check('first', async (ctx) => void (await ctx.client.call('getWhoami'))), shrinking],
    responseChecks: [],
  };
  const a = await run({ seed: 7, registry });
  const b = await run({ seed: 7, checks: ['shrinks'], registry });
  const fa = a.results[1]!.findings[0]!;
  const fb = b.results[0]!.findings[0]!;
  t.equal(fa.key, 'too-big');
  t.equal(fa.counterexample, '11', 'shrunk to the smallest failing value');
  t.equal(fa.message, 'limit 11 accepted');
  t.equal(fa.seed, 7);
  t.match(fa.request!.url, /limit=11$/);
  t.equal(fa.response!.status, 200);
  t.match(fa.curl, /limit=11/);
  t.match(
    fa.reproduce,
    /--seed 7 --runs 20 --checks shrinks {2}# property "small limits only": fast-check seed -?\d+, path [\d:]+$/,
  );
  t.equal(fa.path, fb.path, 'same path when run alone');
  t.equal(fa.reproduce, fb.reproduce);
  t.equal(sent.at(-1), 11, 'the counterexample was re-run last');
  const c = await run({ seed: 8, registry });
  t.not(c.results[1]!.findings[0]!.reproduce, fa.reproduce, 'another run seed, another property seed');
});

t.test('without shrinking, the first failing value is reported as found, with its own exchange', async (t) => {
  const sent: number[] = [];
  const firstFailing = smallLimitsOnly('first-failing', sent);
  const report = await run({ seed: 7, shrink: false, registry: { checks: [firstFailing], responseChecks: [] } });
  const finding = report.results[0]!.findings[0]!;
  const first = sent.find((n) => n > 10)!;
  t.equal(finding.key, 'too-big', 'the same verdict');
  t.equal(finding.counterexample, String(first), 'the first failing value, not shrunk');
  t.ok(first > 11, `the first failing value (${first}) is not the smallest`);
  t.match(finding.request!.url, new RegExp(`limit=${first}$`));
  t.equal(sent.filter((n) => n > 10).length, 2, 'no value tried after it but its re-run');
});

t.test('a property that throws errors the check, with its shrunk counterexample', async (t) => {
  const report = await run({
    registry: {
      checks: [
        check('throws', async (ctx) => {
          await ctx.property({
            name: 'never negative',
            arbitrary: fc.integer({ min: -50, max: 50 }),
            runs: 200,
            predicate: async (n) => {
              if (n < 0) throw new RangeError(`negative ${n}`);
              return undefined;
            },
          });
        }),
      ],
      responseChecks: [],
    },
  });
  const result = report.results[0]!;
  t.equal(result.status, 'errored');
  t.same(result.findings, [], 'no finding about the target');
  t.equal(result.error!.counterexample, '-1');
  t.match(result.error!.message, /property "never negative" threw RangeError: negative -1/);
  t.match(result.error!.reproduce, /property "never negative": fast-check seed -?\d+, path \S+/);
});

t.test('repeats of one key are one finding with occurrences', async (t) => {
  const report = await run({
    registry: {
      checks: [
        check('repeats', async (ctx) => {
          for (let i = 0; i < 3; i++) ctx.report({ severity: 'error', key: 'same', message: `try ${i}` });
          ctx.report({ severity: 'info', key: 'other', message: 'fyi' });
        }),
      ],
      responseChecks: [],
    },
  });
  const findings = report.results[0]!.findings;
  t.equal(findings.length, 2);
  t.equal(findings[0]!.occurrences, 3);
  t.equal(findings[0]!.message, 'try 0');
});

t.test('a target that dies mid-run ends the run with a finding, not a wait', async (t) => {
  const dying = await startFakeTarget();
  let killed = false;
  const started = Date.now();
  const report = await runConformance({
    baseUrl: dying.url,
    apiKey: FAKE_KEY,
    timeoutMs: 300,
    registry: {
      checks: [
        check('kills', async (ctx) => {
          await ctx.client.call('getWhoami');
          await dying.close();
          killed = true;
          // A loop that would never end by itself: the stop ends it.
          for (;;) await ctx.client.call('getWhoami');
        }),
        check('after', async () => void t.fail('must not run')),
      ],
      responseChecks: [],
    },
  });
  t.ok(killed);
  t.ok(Date.now() - started < 5000, 'bounded');
  const [kills, after] = report.results;
  t.equal(kills!.status, 'failed');
  t.equal(kills!.findings[0]!.key, 'target-down');
  t.match(kills!.findings[0]!.message, /stopped answering: \d+ requests in a row/);
  t.equal(after!.status, 'skipped');
  t.match(after!.notes[0], /stopped answering/);
  t.equal(report.conformant, false);
});

t.test('a whoami or workspace answer that breaks the contract is a finding, not a refusal', async (t) => {
  const route = (path: string) => (req: http.IncomingMessage) => (req.url ?? '').split('?')[0]!.endsWith(path);
  const answer = (res: http.ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
    return true;
  };
  const usesFields = check('uses-fields', async (ctx) => {
    await ctx.client.call('listContacts', { query: { limit: 1 } });
    if (ctx.workspace.customFields.length < 0) t.fail('unreachable');
  });
  const cases: Array<[string, (req: http.IncomingMessage, res: http.ServerResponse) => boolean, RegExp, string]> = [
    [
      'whoami without workspaceId',
      (req, res) =>
        route('/whoami')(req) &&
        answer(res, { userId: 'u1', firstName: 'A', lastName: 'B', emailAddress: 'a@b.example', workspaceName: 'x' }),
      /GET \S+\/whoami with the API key answered 200 with a body that breaks the contract at workspaceId/,
      'passed',
    ],
    [
      'workspace without customFields',
      (req, res) =>
        route('/workspace')(req) &&
        answer(res, { workspaceId: 'ws-one', workspaceName: 'ws-one', status: 'active', activityTypes: [] }),
      /GET \S+\/workspace with the API key answered 200 with a body that breaks the contract at customFields/,
      'skipped',
    ],
  ];
  for (const [name, handle, message, fieldsStatus] of cases) {
    const broken = await startFakeTarget({ handle });
    t.teardown(() => broken.close());
    const report = await runConformance({
      baseUrl: broken.url,
      apiKey: FAKE_KEY,
      seed: 42,
      runs: 5,
      registry: { checks: [lists, usesFields], responseChecks: [] },
    });
    t.equal(report.verdict, 'not-conformant', `${name}: exit 1, not "cannot test the target"`);
    const preflight = report.results[0]!;
    t.equal(preflight.check, 'preflight', `${name}: the preflight's result comes first`);
    t.equal(preflight.status, 'failed');
    t.match(preflight.findings[0]!.message, message);
    t.equal(
      report.results.find((r) => r.check === 'lists')!.status,
      'passed',
      `${name}: checks that need nothing missing still run`,
    );
    const fields = report.results.find((r) => r.check === 'uses-fields')!;
    t.equal(fields.status, fieldsStatus, `${name}: a check that needs the missing part is skipped`);
    if (fieldsStatus === 'skipped')
      t.match(
        fields.notes[0],
        /skipped: needs the custom fields of the API key's workspace, which the preflight could not read/,
      );
  }
  // Not JSON at all: this is not the API, so the run cannot start.
  const html = await startFakeTarget({
    handle: (req, res) => {
      if (!(req.url ?? '').includes('/whoami')) return false;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>welcome</html>');
      return true;
    },
  });
  t.teardown(() => html.close());
  await t.rejects(
    runConformance({ baseUrl: html.url, apiKey: FAKE_KEY, seed: 1, registry: { checks: [lists], responseChecks: [] } }),
    { name: 'TargetError', problem: 'not-contactdrive' },
  );
});

t.test('a refused target is described without the key it echoed', async (t) => {
  const echo = await startFakeTarget({
    handle: (req, res) => {
      if (!(req.url ?? '').includes('/whoami')) return false;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`authorization: ${req.headers.authorization}`);
      return true;
    },
  });
  t.teardown(() => echo.close());
  const refused = await runConformance({
    baseUrl: echo.url,
    apiKey: FAKE_KEY,
    seed: 1,
    registry: { checks: [lists], responseChecks: [] },
  }).catch((e: unknown) => e);
  t.ok(refused instanceof TargetError);
  t.match((refused as Error).message, /Bearer \$CONTACTDRIVE_API_KEY/);
  t.notMatch((refused as Error).message, FAKE_KEY);
});

/** Checks that record when they run; each waits `ms` between two requests. */
function timeline() {
  const spans: Array<{ id: string; start: number; end: number }> = [];
  let clock = 0;
  const timed = (id: string, extra: Partial<Check> = {}, ms = 30) =>
    check(
      id,
      async (ctx) => {
        const span = { id, start: clock++, end: -1 };
        spans.push(span);
        await ctx.client.call('getWhoami');
        await new Promise((resolve) => setTimeout(resolve, ms));
        await ctx.client.call('getWhoami');
        span.end = clock++;
      },
      extra,
    );
  const overlapping = (id: string) => {
    const me = spans.find((s) => s.id === id)!;
    return spans.filter((s) => s.id !== id && s.start < me.end && me.start < s.end).map((s) => s.id);
  };
  return { spans, timed, overlapping };
}

t.test('shared checks overlap, at most --concurrency at once; alone checks run by themselves first', async (t) => {
  const { timed, overlapping, spans } = timeline();
  const events: string[] = [];
  const report = await run({
    concurrency: 2,
    registry: {
      checks: [
        timed('s1', { sharing: 'shared' }, 60),
        timed('a1'),
        timed('s2', { sharing: 'shared' }),
        timed('s3', { sharing: 'shared' }),
        timed('a2', { sharing: 'alone' }),
      ],
      responseChecks: [],
    },
    onProgress: (event) => {
      if (event.type === 'check-end') events.push(`${event.index}:${event.result.check}`);
    },
  });
  t.same(
    report.results.map((r) => [r.check, r.status]),
    [
      ['s1', 'passed'],
      ['a1', 'passed'],
      ['s2', 'passed'],
      ['s3', 'passed'],
      ['a2', 'passed'],
    ],
    'results in the checks order, whatever order they ran in',
  );
  t.same(overlapping('a1'), [], 'an alone check has the target to itself');
  t.same(overlapping('a2'), []);
  t.same(
    spans.map((s) => s.id),
    ['a1', 'a2', 's1', 's2', 's3'],
    'alone checks first, then shared ones in order',
  );
  t.same(overlapping('s1').sort(), ['s2', 's3'], 's1 ran beside s2 and then s3');
  t.same(overlapping('s2'), ['s1'], 'never more than two at once');
  t.same(events, ['0:a1', '1:a2', '2:s1', '3:s2', '4:s3'], 'progress in the order the checks ran, ends included');
});

t.test('--concurrency 1: one check and one request at a time', async (t) => {
  let inFlight = 0;
  let most = 0;
  const slow = await startFakeTarget({
    handle: (req, res) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      res.on('close', () => (inFlight -= 1));
      if (!req.url?.endsWith('/nowhere')) return false;
      setTimeout(() => {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"NOT_FOUND","message":"none","field":null}}');
      }, 5);
      return true;
    },
  });
  t.teardown(() => slow.close());
  const { timed, overlapping } = timeline();
  const burst = check(
    'burst',
    async (ctx) => {
      await Promise.all(Array.from({ length: 6 }, () => ctx.client.raw('GET', '/nowhere')));
    },
    { sharing: 'shared' },
  );
  const report = await runConformance({
    baseUrl: slow.url,
    apiKey: FAKE_KEY,
    seed: 1,
    concurrency: 1,
    registry: {
      checks: [burst, timed('s1', { sharing: 'shared' }), timed('s2', { sharing: 'shared' })],
      responseChecks: [],
    },
  });
  t.same(
    report.results.map((r) => r.status),
    ['passed', 'passed', 'passed'],
  );
  t.equal(most, 1, 'the target never had two requests at once');
  t.same(overlapping('s1'), [], 'no two checks at once');

  most = 0;
  await runConformance({
    baseUrl: slow.url,
    apiKey: FAKE_KEY,
    seed: 1,
    concurrency: 3,
    registry: { checks: [burst], responseChecks: [] },
  });
  t.equal(most, 3, 'a check with requests of its own in parallel is bounded by --concurrency too');
});

t.test('the time limit reached beside other checks stops them all: no verdict, nothing reported after', async (t) => {
  const report = await run({
    overallTimeoutMs: 400,
    concurrency: 3,
    registry: {
      checks: [
        check(
          'hangs',
          async (ctx) => {
            await ctx.client.call('getWhoami');
            await new Promise(() => {});
          },
          { sharing: 'shared' },
        ),
        check(
          'keeps-asking',
          async (ctx) => {
            // Once the run stops, every request is answered at once without a response: a correct
            // check would report that, but nothing said after the stop may reach the report.
            for (;;) {
              const response = await ctx.client.call('getWhoami');
              if (response.error) {
                ctx.report({ severity: 'error', key: 'no-answer', message: 'whoami did not answer' });
                return;
              }
              await new Promise((resolve) => setTimeout(resolve, 20));
            }
          },
          { sharing: 'shared' },
        ),
      ],
      responseChecks: [],
    },
  });
  t.same(
    report.results.map((r) => [r.check, r.status, r.error?.kind]),
    [
      ['hangs', 'errored', 'time-limit'],
      ['keeps-asking', 'errored', 'time-limit'],
    ],
  );
  t.same(report.findings, [], 'the stop is not blamed on the target');
  t.equal(report.verdict, 'errored');
});

t.test('a target that dies while checks run beside each other: one finding, the others stop quietly', async (t) => {
  const dying = await startFakeTarget();
  const report = await runConformance({
    baseUrl: dying.url,
    apiKey: FAKE_KEY,
    timeoutMs: 300,
    concurrency: 3,
    registry: {
      checks: ['first', 'second', 'third'].map((id) =>
        check(
          id,
          async (ctx) => {
            await ctx.client.call('getWhoami');
            if (id === 'second') await dying.close();
            // A loop that would never end by itself: the stop ends it.
            for (;;) await ctx.client.call('getWhoami');
          },
          { sharing: 'shared' },
        ),
      ),
      responseChecks: [],
    },
  });
  t.same(
    report.findings.map((f) => [f.check, f.key]),
    [['first', 'target-down']],
    'the target going down is reported once, by the check that started first',
  );
  const [, second, third] = report.results;
  t.equal(second!.status, 'skipped');
  t.match(second!.notes[0], /^stopped: .*stopped answering/);
  t.equal(third!.status, 'skipped');
  t.equal(report.conformant, false);
});
