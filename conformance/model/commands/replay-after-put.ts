/**
 * A keyed PUT, another PUT to the same contact, then the keyed PUT sent
 * again (D8): the last one replays the first answer byte for byte and
 * changes nothing, so the contact keeps what the PUT in between wrote.
 */
import * as fc from 'fast-check';
import type { CheckContext } from '../../types.js';
import { newKey } from '../../support/idempotency.js';
import { changesArbitrary, spaceArbitrary, type Changes } from '../data.js';
import { resolveDraft, showDraft, type Real } from '../real.js';
import { beginStep, single } from '../step.js';
import { verify } from '../verify.js';
import type { Model, Space } from '../world.js';
import { resendRequest, updateRequest } from '../writes.js';
import { requestText } from './request-text.js';

class ReplayAfterPut implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly text: string,
    readonly space: Space,
    readonly pick: number,
    readonly first: Changes,
    readonly between: Changes,
    readonly n: number,
  ) {}
  check = (model: Readonly<Model>) => model.contacts[this.space].length > 0;
  async run(model: Model, real: Real): Promise<void> {
    if (!real.spaces.includes(this.space)) return;
    const contacts = model.contacts[this.space];
    const cdId = contacts[this.pick % contacts.length]!.cdId;
    const step = beginStep(model, real, `keyed PUT, another PUT and the keyed PUT again, to ${cdId}`);
    await single(
      model,
      real,
      step,
      updateRequest(real, this.space, cdId, resolveDraft(real, this.space, this.first), { key: newKey() }),
    );
    const record = model.keys.at(-1)!;
    await single(
      model,
      real,
      step,
      updateRequest(real, this.space, cdId, resolveDraft(real, this.space, this.between)),
    );
    await single(model, real, step, resendRequest(real, record));
    await verify(real, model, { focus: model.contacts[this.space].filter((c) => c.cdId === cdId), n: this.n });
  }
  toString = () => this.text;
}

export function replayAfterPutCommand(ctx: CheckContext, spaces: Space[]): fc.Arbitrary<fc.AsyncCommand<Model, Real>> {
  const text = requestText(ctx.contract);
  return fc
    .tuple(spaceArbitrary(spaces), fc.nat(20), changesArbitrary, changesArbitrary, fc.nat(1000))
    .map(([space, pick, first, between, n]) => {
      const path = { contactId: `{C${pick}}` };
      const keyed = text.line('updateContact', { space, path, keyed: '<key K>', body: showDraft(first) });
      const lines = [keyed, text.line('updateContact', { space, path, body: showDraft(between) }), `${keyed} (again)`];
      return new ReplayAfterPut(lines.join(' ; '), space, pick, first, between, n);
    });
}
