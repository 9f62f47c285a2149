/**
 * `npm test` runs every test file exactly once: either tap lists it and runs it
 * in a process of its own, or exactly one unit of `test/units/` runs it (tap's
 * `exclude` in package.json leaves those out of its list).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { PACKAGE_ROOT } from '../../spec/package-root.js';
import { UNITS, unitFiles } from '../helpers/one-process.js';

const SKIP = new Set(['node_modules', '.git', 'dist', '.tap', 'coverage', 'reports']);

function everyTestFile(at = ''): string[] {
  return readdirSync(join(PACKAGE_ROOT, at), { withFileTypes: true }).flatMap((entry) => {
    const path = at ? `${at}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return SKIP.has(entry.name) || entry.name.startsWith('.') ? [] : everyTestFile(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** What `tap` with no arguments runs, from package.json alone (none of the TAP_* settings this process runs under). */
async function tapList(): Promise<string[]> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^_?TAP/.test(key)));
  const { stdout } = await promisify(execFile)(join(PACKAGE_ROOT, 'node_modules', '.bin', 'tap'), ['list'], {
    cwd: PACKAGE_ROOT,
    env,
  });
  return stdout.split('\n').filter(Boolean);
}

t.test('every unit has its file in test/units, and every file there but this one is a unit', async (t) => {
  for (const name of Object.keys(UNITS))
    t.ok(existsSync(join(PACKAGE_ROOT, 'test', 'units', `${name}.test.ts`)), `test/units/${name}.test.ts exists`);
  const files = readdirSync(join(PACKAGE_ROOT, 'test', 'units')).filter((f) => f !== 'coverage.test.ts');
  t.same(
    files.filter((f) => !(f.replace(/\.test\.ts$/, '') in UNITS)),
    [],
    'files in test/units that are no unit',
  );
});

t.test('every test file runs once: in a process of its own or in exactly one unit', async (t) => {
  const listed = new Set(await tapList());
  const inUnits = new Map<string, string[]>();
  for (const name of Object.keys(UNITS))
    for (const file of unitFiles(name)) inUnits.set(file, [...(inUnits.get(file) ?? []), name]);
  const all = everyTestFile();
  t.ok(all.length > 50, `${all.length} test files found`);
  for (const name of Object.keys(UNITS)) {
    t.ok(listed.has(`test/units/${name}.test.ts`), `tap runs the unit ${name}`);
    t.ok(unitFiles(name).length > 0, `the unit ${name} has files`);
  }
  const wrong = all.flatMap((file) => {
    const units = inUnits.get(file) ?? [];
    const runs = units.length + (listed.has(file) ? 1 : 0);
    if (runs === 1) return [];
    const where = [...(listed.has(file) ? ['its own process'] : []), ...units.map((u) => `unit ${u}`)];
    return [`${file} runs ${runs} times (${where.join(', ') || 'nowhere'})`];
  });
  t.same(wrong, [], 'files that run other than once');
  t.same(
    [...inUnits.keys()].filter((f) => !all.includes(f)),
    [],
    'unit files that are not test files',
  );
});
