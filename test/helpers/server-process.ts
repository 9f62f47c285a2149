/**
 * A reference server in a process of its own, with the CLI's flags: what a team
 * runs when several processes share one database. It runs the compiled bin when
 * dist/ is the build of the sources as they are (as `npm test` leaves it), and
 * the sources through tsx otherwise, which costs each process about a second of
 * CPU more. `stop()` ends it with a signal and waits for the exit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { distIsCurrent } from './dist-current.js';
import { plainEnv } from './plain-env.js';

const CLI = new URL('../../reference-server/cli.ts', import.meta.url).href;
/** Node's arguments that run the reference server's CLI from the sources, from any directory; its flags follow. */
export const SOURCE_CLI = [
  '--import',
  'tsx',
  '--input-type=module',
  '-e',
  `import { main } from ${JSON.stringify(CLI)}; process.exitCode = await main(process.argv.slice(1));`,
  '--',
];

export interface ServerProcess {
  url: string;
  /** The demo keys the server printed, in order. */
  keys: string[];
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const BIN = fileURLToPath(new URL('../../bin/contactdrive-reference-server.js', import.meta.url));

export async function startServerProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const cli = distIsCurrent() ? [BIN] : SOURCE_CLI;
  const child = spawn(process.execPath, [...cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Without tap's NODE_OPTIONS: its process-info hook has nothing to record in a server.
    env: { ...plainEnv(), ...env },
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start in 60 s:\n${err}`)), 60_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        // The lines after the URL name the store and the demo keys; the second key ends them.
        if ((out.match(/demo key for/g) ?? []).length >= 2 && out.endsWith('\n')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code}) before listening:\n${err}`));
      });
    });
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  }
  const url = /http:\/\/\S+/.exec(out)?.[0];
  if (!url) throw new Error(`no URL in the server's output:\n${out}`);
  const keys = [...out.matchAll(/demo key for \S+: (\S+)/g)].map((m) => m[1]!);
  return { url, keys, child, stop };
}
