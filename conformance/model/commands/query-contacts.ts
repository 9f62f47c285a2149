/** POST /contacts/query between writes: a derived condition on one contact, and its count (D3). */
import * as fc from 'fast-check';
import { NAMES } from '../../../spec/index.js';
import type { CheckContext } from '../../types.js';
import { condition } from '../../support/conditions.js';
import { spaceArbitrary } from '../data.js';
import type { Real } from '../real.js';
import { beginStep } from '../step.js';
import { probe } from '../verify.js';
import { causeOf, type Model, type Space } from '../world.js';
import { requestText } from './request-text.js';

class QueryContacts implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly text: string,
    readonly space: Space,
    readonly pick: number,
    readonly n: number,
  ) {}
  check = (model: Readonly<Model>) => model.contacts[this.space].length > 0;
  async run(model: Model, real: Real): Promise<void> {
    if (!real.spaces.includes(this.space)) return;
    beginStep(model, real, 'query');
    const contacts = model.contacts[this.space];
    const contact = contacts[this.pick % contacts.length]!;
    const marker = condition(real.contract, NAMES.fields.tags, 'contains', real.marker);
    const prober = real.probers[this.space];
    for (const [i, extra] of [prober.text(contact, this.n), prober.structured(contact, this.n)].entries()) {
      if (extra) await probe(real, model, this.space, marker, extra, i === 0, causeOf(contact));
    }
  }
  toString = () => this.text;
}

export function queryContactsCommand(ctx: CheckContext, spaces: Space[]): fc.Arbitrary<fc.AsyncCommand<Model, Real>> {
  const text = requestText(ctx.contract);
  return fc.tuple(spaceArbitrary(spaces), fc.nat(20), fc.nat(1000)).map(
    ([space, pick, n]) =>
      new QueryContacts(
        text.line('queryContacts', {
          space,
          body: `{"conditions":[<tags contains $MARKER>, <probe ${n} on C${pick}>]}`,
        }),
        space,
        pick,
        n,
      ),
  );
}
