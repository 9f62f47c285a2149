/** POST /contacts: a create, keyed or not, or its dry run (D6, D7, D8). */
import * as fc from 'fast-check';
import type { CheckContext } from '../../types.js';
import { newKey } from '../../support/idempotency.js';
import { draftArbitrary, spaceArbitrary, type Draft } from '../data.js';
import { resolveDraft, showDraft, type Real } from '../real.js';
import { beginStep, single } from '../step.js';
import { externalEntries, searchWords, sharedEntry } from '../reads.js';
import { contactShape } from '../../support/contact-model.js';
import { verify } from '../verify.js';
import type { Model, Space } from '../world.js';
import { createRequest } from '../writes.js';
import { requestText } from './request-text.js';

class CreateContact implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly text: string,
    readonly space: Space,
    readonly draft: Draft,
    readonly keyed: boolean,
    readonly dryRun: boolean,
    readonly collide: boolean,
    readonly n: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const step = beginStep(model, real, this.dryRun ? 'dry-run create' : this.keyed ? 'keyed create' : 'create');
    const body = resolveDraft(real, this.space, this.draft);
    // Shares an entry with the most shared one already there, so upserts meet several candidates (D6).
    const shared = this.collide ? sharedEntry(real.contract, model, this.space) : undefined;
    const ext = contactShape(real.contract).externalIds;
    if (shared) body[ext] = { ...((body[ext] as object | undefined) ?? {}), [shared[0]]: shared[1] };
    const response = await single(
      model,
      real,
      step,
      createRequest(real, this.space, body, { key: this.keyed ? newKey() : undefined, dryRun: this.dryRun }),
    );
    const id = (response.json as { data?: { contactId?: string } }).data?.contactId;
    const focus = model.contacts[this.space].filter((c) => c.cdId === id);
    await verify(real, model, {
      focus: focus.length ? focus : model.contacts[this.space].slice(-1),
      n: this.n,
      words: searchWords(real.contract, body),
      ids: externalEntries(real.contract, body),
    });
  }
  toString = () => this.text;
}

export function createContactCommand(ctx: CheckContext, spaces: Space[]): fc.Arbitrary<fc.AsyncCommand<Model, Real>> {
  const text = requestText(ctx.contract);
  return fc
    .tuple(
      spaceArbitrary(spaces),
      draftArbitrary,
      fc.boolean(),
      fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      fc.boolean(),
      fc.nat(1000),
    )
    .map(([space, draft, keyed, dryRun, collide, n]) => {
      const body = showDraft(draft) + (collide ? ' + the external-ID entry most contacts share' : '');
      return new CreateContact(
        text.line('createContact', { space, dryRun, keyed: keyed ? '<new key>' : undefined, body }),
        space,
        draft,
        keyed,
        dryRun,
        collide,
        n,
      );
    });
}
