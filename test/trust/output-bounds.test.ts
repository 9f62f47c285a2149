/**
 * One bug, one short report: a fault that shows on every operation gives one
 * finding per cause, and the CLI's stderr stays a few kilobytes, curl lines
 * and bodies cut; the JSON report keeps every exchange.
 */
import t from 'tap';
import { main, type CliIo } from '../../conformance/cli.js';
import { createReferenceServer, silentLogger } from '../../reference-server/index.js';

const FAULT = 'deprecation-header-missing';

t.test(`--fault ${FAULT}: few findings, stderr under 8 KB`, async (t) => {
  const server = await createReferenceServer({ port: 0, db: ':memory:', logger: silentLogger, faults: [FAULT] });
  t.teardown(() => server.close());
  const [first, second] = server.demoKeys;
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {
      CONTACTDRIVE_BASE_URL: server.url,
      CONTACTDRIVE_API_KEY: first!.apiKey,
      CONTACTDRIVE_API_KEY_2: second!.apiKey,
    },
  };
  t.equal(await main(['--seed', '1', '--runs', '20', '--reporter', 'json'], io), 1, 'the fault fails the run');
  const report = JSON.parse(out) as { findings: Array<{ check: string; severity: string; operations?: string[] }> };
  const errors = report.findings.filter((f) => f.severity === 'error');
  const perCheck = new Map<string, number>();
  for (const f of errors) perCheck.set(f.check, (perCheck.get(f.check) ?? 0) + 1);
  t.ok(errors.length > 0, 'the fault is found');
  t.ok(
    [...perCheck.values()].every((n) => n <= 3),
    `at most 3 error findings per check (${JSON.stringify([...perCheck])})`,
  );
  t.ok(
    errors.some((f) => (f.operations?.length ?? 0) > 1),
    'one finding lists the operations it was seen on',
  );
  const bytes = Buffer.byteLength(err);
  t.ok(bytes < 8 * 1024, `stderr is ${bytes} bytes`);
  t.notMatch(err, first!.apiKey, 'no key on stderr');
  t.match(
    err,
    /reproduce: npx contactdrive-conformance --base-url \S+ --api-key "\$CONTACTDRIVE_API_KEY" --api-key-2 "\$CONTACTDRIVE_API_KEY_2" --seed 1/,
  );
});
