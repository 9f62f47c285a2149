/**
 * The CI recipe in examples/github-actions.yml: valid YAML, and the command it runs works, with
 * the same options, against a stand-in target, writing the three reports it uploads.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import { main } from '../../conformance/cli.js';
import { FAKE_KEY, startFakeTarget } from '../../conformance/testing/fake-target.js';
import { packagePath } from '../../spec/package-root.js';

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, string>;
}

const workflow = parse(await readFile(packagePath('examples', 'github-actions.yml'), 'utf8')) as {
  jobs: Record<string, { steps: Step[] }>;
};
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

t.test('the workflow uploads SARIF and JUnit', async (t) => {
  const sarif = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'));
  t.equal(sarif?.with?.sarif_file, 'conformance.sarif');
  t.ok(
    steps.some((s) => s.with?.report_paths === 'conformance.xml'),
    'the JUnit report is published',
  );
});

t.test("the workflow's command runs and writes every report it uploads", async (t) => {
  const step = steps.find((s) => s.run?.includes('npx contactdrive-conformance'))!;
  // The command and its continuation lines (ending in a backslash).
  const lines = step.run!.slice(step.run!.indexOf('npx contactdrive-conformance')).split('\n');
  const command: string[] = [];
  for (const line of lines) {
    command.push(line.replace(/\\$/, '').trim());
    if (!line.trimEnd().endsWith('\\')) break;
  }
  // The workflow's own expression stands for a number.
  const argv = command.join(' ').replace('"${{ github.run_id }}"', '1234').split(/\s+/).slice(2);
  t.ok(argv.includes('--seed'));

  const dir = await mkdtemp(join(tmpdir(), 'example-workflow-'));
  const target = await startFakeTarget();
  t.teardown(async () => {
    await target.close();
    await rm(dir, { recursive: true, force: true });
  });
  let err = '';
  const io = {
    stdout: { write: () => true },
    stderr: { write: (s: string) => (err += s) },
    env: { CONTACTDRIVE_BASE_URL: target.url, CONTACTDRIVE_API_KEY: FAKE_KEY },
  };
  const registry = {
    checks: [
      {
        id: 'reads',
        description: 'reads whoami',
        area: 'auth' as const,
        writes: false,
        run: async (ctx: { client: { call(id: string): Promise<unknown> } }) =>
          void (await ctx.client.call('getWhoami')),
      },
    ],
    responseChecks: [],
  };
  const code = await main(
    argv.map((arg) => (/^conformance\./.test(arg) ? join(dir, arg) : arg)),
    io,
    registry,
  );
  t.equal(code, 0, err);
  t.equal(JSON.parse(await readFile(join(dir, 'conformance.sarif'), 'utf8')).version, '2.1.0');
  t.match(await readFile(join(dir, 'conformance.xml'), 'utf8'), /<testsuites/);
  t.match(await readFile(join(dir, 'conformance.html'), 'utf8'), /^<!DOCTYPE html>/);
});
