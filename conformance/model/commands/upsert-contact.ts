/**
 * POST /contacts?upsertByExternalId=true: updates the oldest contact sharing
 * an external-ID entry (200, created false) or creates one (201); keyed or
 * not, or its dry run (D6, D7, D8).
 */
import * as fc from 'fast-check';
import { NAMES } from '../../../spec/index.js';
import type { CheckContext } from '../../types.js';
import { newKey } from '../../support/idempotency.js';
import { spaceArbitrary, SYSTEMS, upsertDraftArbitrary, type Draft } from '../data.js';
import { resolveDraft, showDraft, type Real } from '../real.js';
import { beginStep, single } from '../step.js';
import { externalEntries, searchChange, searchWords, sharedEntry } from '../reads.js';
import { contactShape } from '../../support/contact-model.js';
import { verify } from '../verify.js';
import type { Model, Space } from '../world.js';
import { upsertMatch, upsertRequest } from '../writes.js';
import { requestText } from './request-text.js';

type Collide = 'none' | 'shared' | 'cross';

class UpsertContact implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly text: string,
    readonly space: Space,
    readonly draft: Draft,
    readonly keyed: boolean,
    readonly dryRun: boolean,
    readonly collide: Collide,
    readonly n: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const step = beginStep(model, real, this.dryRun ? 'dry-run upsert' : this.keyed ? 'keyed upsert' : 'upsert');
    const body = resolveDraft(real, this.space, this.draft);
    const shared = this.collide === 'none' ? undefined : sharedEntry(real.contract, model, this.space);
    const ext = contactShape(real.contract).externalIds;
    // `cross`: the same ID under another system, which shares no entry (D5) and so must not match.
    const system = shared && this.collide === 'cross' ? SYSTEMS.find((s) => s !== shared[0])! : shared?.[0];
    if (shared) body[ext] = { [system!]: shared[1] };
    const match = upsertMatch(real, model, this.space, body);
    const before = match ? { ...match.record } : undefined;
    const response = await single(
      model,
      real,
      step,
      upsertRequest(real, this.space, body, { key: this.keyed ? newKey() : undefined, dryRun: this.dryRun }),
    );
    const id = match?.cdId ?? (response.json as { data?: { contactId?: string } }).data?.contactId;
    const focus = model.contacts[this.space].filter((c) => c.cdId === id);
    const after = focus[0]?.record;
    const change =
      after && !this.dryRun
        ? searchChange(real.contract, before, after)
        : { words: searchWords(real.contract, body), ids: externalEntries(real.contract, body) };
    await verify(real, model, {
      focus: focus.length ? focus : model.contacts[this.space].slice(-1),
      n: this.n,
      ...change,
    });
  }
  toString = () => this.text;
}

export function upsertContactCommand(ctx: CheckContext, spaces: Space[]): fc.Arbitrary<fc.AsyncCommand<Model, Real>> {
  const text = requestText(ctx.contract);
  return fc
    .tuple(
      spaceArbitrary(spaces),
      upsertDraftArbitrary,
      fc.boolean(),
      fc.oneof({ weight: 2, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      fc.constantFrom<Collide>('none', 'shared', 'cross'),
      fc.nat(1000),
    )
    .map(([space, draft, keyed, dryRun, collide, n]) => {
      const what = collide === 'shared' ? 'the entry most contacts share' : 'its ID under another system';
      const body =
        collide !== 'none'
          ? showDraft({ ...draft, ext: {} }).replace(/}}$/, `,"${NAMES.fields.externalIds}":"<${what}>"}}`)
          : showDraft(draft);
      return new UpsertContact(
        text.line('createContact', { space, upsert: true, dryRun, keyed: keyed ? '<new key>' : undefined, body }),
        space,
        draft,
        keyed,
        dryRun,
        collide,
        n,
      );
    });
}
