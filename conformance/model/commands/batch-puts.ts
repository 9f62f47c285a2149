/**
 * Two or three PUTs to one contact, sent at once: each is 200, and the
 * contact after is the merge of all of them in some serial order (D6).
 */
import * as fc from 'fast-check';
import type { CheckContext } from '../../types.js';
import { changesArbitrary, spaceArbitrary, type Changes } from '../data.js';
import { resolveDraft, showDraft, type Real } from '../real.js';
import { searchWords } from '../reads.js';
import { batch, beginStep } from '../step.js';
import type { Model, Space } from '../world.js';
import { updateRequest } from '../writes.js';
import { requestText } from './request-text.js';

class BatchPuts implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly text: string,
    readonly space: Space,
    readonly pick: number,
    readonly changes: Changes[],
    readonly n: number,
  ) {}
  check = (model: Readonly<Model>) => model.contacts[this.space].length > 0;
  async run(model: Model, real: Real): Promise<void> {
    if (!real.spaces.includes(this.space)) return;
    const contacts = model.contacts[this.space];
    const cdId = contacts[this.pick % contacts.length]!.cdId;
    const step = beginStep(model, real, `batch of ${this.changes.length} concurrent PUTs to ${cdId}`);
    const bodies = this.changes.map((c) => resolveDraft(real, this.space, c));
    const requests = bodies.map((body) => updateRequest(real, this.space, cdId, body));
    const words = bodies.flatMap((body) => searchWords(real.contract, body));
    await batch(
      model,
      real,
      step,
      requests,
      (m) => m.contacts[this.space].filter((c) => c.cdId === cdId),
      this.n,
      false,
      words,
    );
  }
  toString = () => this.text;
}

export function batchPutsCommand(ctx: CheckContext, spaces: Space[]): fc.Arbitrary<fc.AsyncCommand<Model, Real>> {
  const text = requestText(ctx.contract);
  return fc
    .tuple(spaceArbitrary(spaces), fc.nat(20), fc.array(changesArbitrary, { minLength: 2, maxLength: 3 }), fc.nat(1000))
    .map(
      ([space, pick, changes, n]) =>
        new BatchPuts(
          `at once: ${changes.map((c) => text.line('updateContact', { space, path: { contactId: `{C${pick}}` }, body: showDraft(c) })).join(' & ')}`,
          space,
          pick,
          changes,
          n,
        ),
    );
}
