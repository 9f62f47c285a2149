/**
 * `npm run lint` as part of the test run: every step it runs (the `lint:*` scripts it
 * names, at any depth) passes. The steps are independent, and together most of a
 * minute of CPU: run here, at once, they fill the cores while tap's other jobs wait on
 * added latency, npm or a child process, instead of holding the tests back until they end.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import t from 'tap';
import { PACKAGE_ROOT, packagePath } from '../spec/package-root.js';
import { plainEnv } from './helpers/plain-env.js';

const { scripts } = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

/** The scripts a script runs with `npm run`, down to those that run none. */
function steps(name: string): string[] {
  const named = [...(scripts[name] ?? '').matchAll(/npm run (?:-s )?([\w:-]+)/g)].map((m) => m[1]!);
  return named.length === 0 ? [name] : named.flatMap(steps);
}

const lint = steps('lint');
t.ok(lint.length >= 5 && lint.every((step) => step in scripts), `npm run lint runs ${lint.join(', ')}`);

const runs = lint.map((step) => {
  const done = promisify(execFile)('npm', ['run', '--silent', step], {
    cwd: PACKAGE_ROOT,
    env: plainEnv(),
    maxBuffer: 16 << 20,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: `${stdout}${stderr}` }),
    (error: { code?: number | string; stdout?: string; stderr?: string; message: string }) => ({
      code: typeof error.code === 'number' ? error.code : -1,
      output: `${error.stdout ?? ''}${error.stderr || error.message}`,
    }),
  );
  return [step, done] as const;
});

for (const [step, done] of runs) {
  t.test(`npm run ${step}`, async (t) => {
    const { code, output } = await done;
    t.equal(code, 0, `npm run ${step} passes\n${output.trim().split('\n').slice(-40).join('\n')}`);
  });
}
