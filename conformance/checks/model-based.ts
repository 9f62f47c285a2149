/**
 * Random sequences of writes (create, PUT, upsert, dry runs, keyed writes and
 * their replays, small concurrent batches) and reads, checked step by step
 * against the suite's executable model of the contract (`conformance/model/`):
 * after each write every read path (list, query, count, search) must agree
 * with the model, on data made to collide. Without a second key the
 * sequences stay in one workspace.
 */
import type { Check } from '../types.js';
import { runModel } from '../model/run.js';
import { scaledRuns } from '../support/finding.js';

const ID = 'model-based';
/** Steps per sequence, at most: room for writes, reads that meet them, and replays after both. */
const MAX_COMMANDS = 15;
/** A failing sequence is shrunk within this budget; the smallest failure by then is reported. */
const SHRINK = { shrinkRuns: 30, shrinkMs: 10_000 };

export const modelBased: Check = {
  id: ID,
  description:
    'Random sequences of writes and reads agree, step by step, with an executable model of the contract (read-your-writes on list, query, count and search; batches linearizable)',
  area: 'data',
  writes: true,
  sharing: 'shared',
  async run(ctx) {
    await runModel(ctx, {
      checkId: ID,
      sequences: scaledRuns(ctx, 12, 10),
      maxCommands: MAX_COMMANDS,
      ...SHRINK,
    });
  },
};
