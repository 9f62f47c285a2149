/**
 * A create and a search that would find it, sent at once: the search sees
 * the state before the create or after it, nothing else (D4, D12).
 */
import * as fc from 'fast-check';
import type { CheckContext } from '../../types.js';
import { draftArbitrary, spaceArbitrary, type Draft } from '../data.js';
import { words } from '../reads.js';
import { resolveDraft, showDraft, type Real } from '../real.js';
import { batch, beginStep, searchRequest } from '../step.js';
import type { Model, Space } from '../world.js';
import { createRequest } from '../writes.js';
import { requestText } from './request-text.js';

class CreateRacingSearch implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly text: string,
    readonly space: Space,
    readonly draft: Draft,
    readonly n: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const step = beginStep(model, real, 'create racing a search');
    const body = resolveDraft(real, this.space, this.draft);
    const word = words(String(this.draft.fields.lastName))[0] ?? '';
    const q = `${real.marker} ${[...word].slice(0, 1 + (this.n % Math.max(1, [...word].length))).join('')}`.trim();
    const requests = [createRequest(real, this.space, body), searchRequest(real, this.space, { q })];
    await batch(
      model,
      real,
      step,
      requests,
      (m) => m.contacts[this.space].filter((c) => c.createdStep === step.n),
      this.n,
    );
  }
  toString = () => this.text;
}

export function createRacingSearchCommand(
  ctx: CheckContext,
  spaces: Space[],
): fc.Arbitrary<fc.AsyncCommand<Model, Real>> {
  const text = requestText(ctx.contract);
  return fc
    .tuple(spaceArbitrary(spaces), draftArbitrary, fc.nat(1000))
    .map(
      ([space, draft, n]) =>
        new CreateRacingSearch(
          `at once: ${text.line('createContact', { space, body: showDraft(draft) })} & ${text.line('searchContacts', { space, query: { q: '$MARKER <prefix of lastName>' } })}`,
          space,
          draft,
          n,
        ),
    );
}
