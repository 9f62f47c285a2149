/**
 * The one list of commands. Writes come more often than reads (each write is
 * followed by every read path anyway); batches and replays are rarer.
 */
import * as fc from 'fast-check';
import type { CheckContext } from '../../types.js';
import type { Real } from '../real.js';
import type { Model, Space } from '../world.js';
import { batchCreatesCommand } from './batch-creates.js';
import { batchPutsCommand } from './batch-puts.js';
import { createContactCommand } from './create-contact.js';
import { createRacingSearchCommand } from './create-racing-search.js';
import { queryContactsCommand } from './query-contacts.js';
import { queryUndefinedSlugCommand } from './query-undefined-slug.js';
import { replayAfterPutCommand } from './replay-after-put.js';
import { replayWriteCommand } from './replay-write.js';
import { searchContactsCommand } from './search-contacts.js';
import { updateContactCommand } from './update-contact.js';
import { upsertContactCommand } from './upsert-contact.js';

/** Each command once, with how often it is drawn. */
export function modelCommands(ctx: CheckContext, spaces: Space[]): fc.Arbitrary<fc.AsyncCommand<Model, Real>> {
  const weighted: Array<[number, fc.Arbitrary<fc.AsyncCommand<Model, Real>>]> = [
    [4, createContactCommand(ctx, spaces)],
    [4, updateContactCommand(ctx, spaces)],
    [4, upsertContactCommand(ctx, spaces)],
    [2, replayWriteCommand(ctx)],
    [1, replayAfterPutCommand(ctx, spaces)],
    [2, queryContactsCommand(ctx, spaces)],
    [1, queryUndefinedSlugCommand(ctx, spaces)],
    [2, searchContactsCommand(ctx, spaces)],
    [2, batchCreatesCommand(ctx, spaces)],
    [1, batchPutsCommand(ctx, spaces)],
    [1, createRacingSearchCommand(ctx, spaces)],
  ];
  return fc.oneof(...weighted.map(([weight, arbitrary]) => ({ weight, arbitrary })));
}
