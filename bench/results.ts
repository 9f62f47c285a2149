/**
 * bench/RESULTS.md holds one section per benchmark, each between its own
 * markers, so every script rewrites its figures and leaves the others alone.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { readFile, writeFile } from 'node:fs/promises';

export const RESULTS = new URL('./RESULTS.md', import.meta.url);

export function sectionMarkers(name: string): { start: string; end: string } {
  return { start: `<!-- ${name}:start -->`, end: `<!-- ${name}:end -->` };
}

/** Replaces the section (markers included) named `name`, or appends it when the file lacks one. */
export async function writeResultsSection(name: string, section: string): Promise<void> {
  const { start, end } = sectionMarkers(name);
  let existing: string;
  try {
    existing = await readFile(RESULTS, 'utf8');
  } catch {
    existing = '# Benchmark results\n';
  }
  const from = existing.indexOf(start);
  const to = existing.indexOf(end);
  const updated =
    from >= 0 && to > from
      ? `${existing.slice(0, from)}${section}${existing.slice(to + end.length)}`
      : `${existing.trimEnd()}\n\n${section}\n`;
  await writeFile(RESULTS, updated);
}

/**
 * The commit the figures are of (`git describe`), `-dirty` when the tree has
 * changes other than to this results file (which benchmarks write as they
 * finish), or `unknown` outside git.
 */
export function measuredCommit(): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: new URL('..', import.meta.url), encoding: 'utf8' }).trim();
  try {
    const changed = git('status', '--porcelain', '--', '.', ':(exclude)bench/RESULTS.md');
    return `${git('describe', '--always')}${changed ? '-dirty' : ''}`;
  } catch {
    return 'unknown';
  }
}

/** The rows every results table starts with: when, which commit, on what, and how busy the machine was. */
export function machineRows(loadBefore: number, loadAfter = loadavg()[0]!): string[] {
  return [
    `| date | ${new Date().toISOString().slice(0, 10)} |`,
    `| commit | ${measuredCommit()} |`,
    `| nproc | ${availableParallelism()} |`,
    `| node | ${process.version} |`,
    `| load average (1 min) before / after | ${loadBefore.toFixed(2)} / ${loadAfter.toFixed(2)} |`,
  ];
}
