/** GET /contacts/search between writes: a word prefix (with the marker) or an external ID of one contact (D4). */
import * as fc from 'fast-check';
import type { CheckContext } from '../../types.js';
import { spaceArbitrary } from '../data.js';
import type { Real } from '../real.js';
import { beginStep } from '../step.js';
import { search } from '../verify.js';
import { causeOf, type Model, type Space } from '../world.js';
import { requestText } from './request-text.js';

class SearchContacts implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly text: string,
    readonly space: Space,
    readonly pick: number,
    readonly n: number,
  ) {}
  check = (model: Readonly<Model>) => model.contacts[this.space].length > 0;
  async run(model: Model, real: Real): Promise<void> {
    if (!real.spaces.includes(this.space)) return;
    beginStep(model, real, 'search');
    const contacts = model.contacts[this.space];
    const contact = contacts[this.pick % contacts.length]!;
    await search(
      real,
      model,
      this.space,
      real.probers[this.space].search(contact, this.n, real.marker, [], contacts),
      causeOf(contact),
    );
  }
  toString = () => this.text;
}

export function searchContactsCommand(ctx: CheckContext, spaces: Space[]): fc.Arbitrary<fc.AsyncCommand<Model, Real>> {
  const text = requestText(ctx.contract);
  return fc
    .tuple(spaceArbitrary(spaces), fc.nat(20), fc.nat(1000))
    .map(
      ([space, pick, n]) =>
        new SearchContacts(
          text.line('searchContacts', { space, query: { q: `<probe ${n} on C${pick}>` } }),
          space,
          pick,
          n,
        ),
    );
}
