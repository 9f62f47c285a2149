/**
 * Runs random command sequences against the target and the model together
 * (fast-check's `fc.commands` and `fc.asyncModelRun`). Each sequence starts
 * from an empty model with its own marker and ID namespace, so sequences,
 * their shrunk replays and other checks never see each other's contacts.
 *
 * The property runs here rather than through `ctx.property` because a
 * sequence costs dozens of requests: shrinking gets a budget, after which
 * the smallest failing sequence so far is the counterexample. The seed is
 * derived as `ctx.property` derives it, so `--seed` replays the same run.
 */
import * as fc from 'fast-check';
import { RunStoppedError } from '../client.js';
import { propertySeed } from '../seed.js';
import type { CheckContext, FindingInput } from '../types.js';
import { modelCommands } from './commands/index.js';
import { Mismatch } from './mismatch.js';
import { createReal, script } from './real.js';
import { emptyModel, type Space } from './world.js';

export interface ModelRunOptions {
  checkId: string;
  /** Command sequences to run (before shrinking). */
  sequences: number;
  maxCommands: number;
  /** Sequences re-run while shrinking a failure, at most. */
  shrinkRuns: number;
  /** Time spent shrinking, at most. */
  shrinkMs: number;
}

const PROPERTY = 'sequences';

type Commands = Iterable<fc.AsyncCommand<ReturnType<typeof emptyModel>, ReturnType<typeof createReal>>>;

export async function runModel(ctx: CheckContext, options: ModelRunOptions): Promise<void> {
  const spaces: Space[] = ctx.secondClient && ctx.secondWorkspace ? ['first', 'second'] : ['first'];
  const arbitrary = fc.commands([modelCommands(ctx, spaces)], { maxCommands: options.maxCommands, size: 'max' });
  const seed = propertySeed(ctx.config.seed, options.checkId, PROPERTY);

  /** One sequence: the finding it makes, or undefined when the target agreed with the model throughout. */
  async function execute(commands: Commands): Promise<FindingInput | undefined> {
    const real = createReal(ctx, spaces);
    try {
      await fc.asyncModelRun(() => ({ model: emptyModel(), real }), commands);
      return undefined;
    } catch (error) {
      if (!(error instanceof Mismatch)) throw error;
      const d = error.details;
      const steps = real.step.n;
      return {
        severity: 'error',
        key: `${options.checkId}:${d.kind}`,
        ...(d.operation ? { operation: d.operation } : {}),
        message: [
          d.message,
          `expected: ${d.expected}`,
          `actual:   ${d.actual}`,
          `script of the ${steps} step${steps === 1 ? '' : 's'} (set CONTACTDRIVE_API_KEY${spaces.length > 1 ? ' and CONTACTDRIVE_API_KEY_2' : ''}):`,
          script(real, d.response),
        ].join('\n'),
        ...(d.response ? { request: d.response.request, response: d.response.response } : {}),
      };
    }
  }

  let failures = 0;
  let shrinkingSince = 0;
  let last: FindingInput | undefined;
  let stopped = false;
  /** A kit error met while shrinking a real mismatch: shrinking stops, and the mismatch is still reported. */
  let shrinkCrash: unknown;
  const budgetLeft = () =>
    failures === 0 ||
    (shrinkCrash === undefined &&
      failures <= options.shrinkRuns &&
      performance.now() - shrinkingSince < options.shrinkMs);

  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (commands) => {
      // Past the budget every further candidate passes, so the smallest failure so far stands.
      if (stopped || !budgetLeft()) return true;
      try {
        const finding = await execute(commands);
        if (!finding) return true;
        if (failures === 0) shrinkingSince = performance.now();
        failures += 1;
        last = finding;
        return false;
      } catch (error) {
        if (error instanceof RunStoppedError) {
          stopped = true;
          return true;
        }
        if (failures > 0) {
          shrinkCrash ??= error;
          return true;
        }
        throw error;
      }
    }),
    { seed, numRuns: options.sequences, endOnFailure: !ctx.config.shrink },
  );
  if (!details.failed || stopped || details.counterexample === null) {
    if (details.failed && !stopped && details.errorInstance) throw details.errorInstance;
    return;
  }
  const [commands] = details.counterexample;
  // Once more, so the finding's script and exchange are those of the shrunk sequence.
  // Whatever the rerun meets, the mismatch already seen stands.
  const rerun = shrinkCrash === undefined ? await execute(commands).catch(() => undefined) : undefined;
  const finding = rerun ?? last;
  if (!finding) return;
  ctx.report({
    ...finding,
    message: `${finding.message}${rerun || shrinkCrash !== undefined ? '' : '\n(the shrunk sequence passed when re-run: flaky or state-dependent; the script is of its last failing run)'}`,
    path: details.counterexamplePath ?? undefined,
    counterexample: fc.stringify(commands),
  });
  if (shrinkCrash !== undefined) {
    const what = shrinkCrash instanceof Error ? `${shrinkCrash.name}: ${shrinkCrash.message}` : String(shrinkCrash);
    ctx.note(
      `${options.checkId}: shrinking stopped at a kit error (${what}); the counterexample is the smallest failing sequence before it`,
    );
  }
  ctx.note(
    `${options.checkId}: replay with --seed ${ctx.config.seed} --checks ${options.checkId} (fast-check seed ${seed}, path ${details.counterexamplePath})`,
  );
}
