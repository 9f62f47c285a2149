/**
 * POST /contacts?upsertByExternalId=true: updates the oldest contact sharing
 * an external-ID entry (200, created false) or creates one (201); keyed or
 * not, or its dry run (D6, D7, D8).
 */
import * as fc from 'fast-check';
import type { CheckContext } from '../../types.js';
import { newKey } from '../../support/idempotency.js';
import { spaceArbitrary, upsertDraftArbitrary, type Draft } from '../data.js';
import { resolveDraft, showDraft, type Real } from '../real.js';
import { beginStep, single } from '../step.js';
import { externalEntries, searchWords, sharedEntry } from '../reads.js';
import { contactShape } from '../../support/contact-model.js';
import { verify } from '../verify.js';
import type { Model, Space } from '../world.js';
import { upsertMatch, upsertRequest } from '../writes.js';
import { requestText } from './request-text.js';

class UpsertContact implements fc.AsyncCommand<Model, Real> {
  constructor(readonly text: string, readonly space: Space, readonly draft: Draft, readonly keyed: boolean, readonly dryRun: boolean, readonly collide: boolean, readonly n: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const step = beginStep(model, real, this.dryRun ? 'dry-run upsert' : this.keyed ? 'keyed upsert' : 'upsert');
    const body = resolveDraft(real, this.space, this.draft);
    const shared = this.collide ? sharedEntry(real.contract, model, this.space) : undefined;
    const ext = contactShape(real.contract).externalIds;
    if (shared) body[ext] = { [shared[0]]: shared[1] };
    const match = upsertMatch(real, model, this.space, body);
    const response = await single(model, real, step, upsertRequest(real, this.space, body, { key: this.keyed ? newKey() : undefined, dryRun: this.dryRun }));
    const id = match?.cdId ?? (response.json as { data?: { contactId?: string } }).data?.contactId;
    const focus = model.contacts[this.space].filter((c) => c.cdId === id);
    await verify(real, model, { focus: focus.length ? focus : model.contacts[this.space].slice(-1), n: this.n, words: searchWords(real.contract, body), ids: externalEntries(real.contract, body) });
  }
  toString = () => this.text;
}

export function upsertContactCommand(ctx: CheckContext, spaces: Space[]): fc.Arbitrary<fc.AsyncCommand<Model, Real>> {
  const text = requestText(ctx.contract);
  return fc
    .tuple(spaceArbitrary(spaces), upsertDraftArbitrary, fc.boolean(), fc.oneof({ weight: 2, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }), fc.boolean(), fc.nat(1000))
    .map(([space, draft, keyed, dryRun, collide, n]) => {
      const body = collide ? showDraft({ ...draft, ext: {} }).replace(/}}$/, ',"externalIds":"<the entry most contacts share>"}}') : showDraft(draft);
      return new UpsertContact(text.line('createContact', { space, upsert: true, dryRun, keyed: keyed ? '<new key>' : undefined, body }), space, draft, keyed, dryRun, collide, n);
    });
}
