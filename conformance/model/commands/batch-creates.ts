/**
 * Two or three creates sent at once. With one Idempotency-Key and one body
 * (D8), one executes and each other one replays it or is 409 while it is in
 * flight: exactly one contact exists after. With distinct bodies and no key,
 * each creates a contact, likely in one millisecond, so the list order's
 * tie-break on cdId (D2) decides where they sort.
 */
import * as fc from 'fast-check';
import type { CheckContext } from '../../types.js';
import { newKey } from '../../support/idempotency.js';
import { draftArbitrary, spaceArbitrary, type Draft } from '../data.js';
import { resolveDraft, showDraft, type Real } from '../real.js';
import { batch, beginStep } from '../step.js';
import type { Model, Space } from '../world.js';
import { createRequest } from '../writes.js';
import { requestText } from './request-text.js';

class BatchCreates implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly text: string,
    readonly space: Space,
    readonly drafts: Draft[],
    readonly oneKey: boolean,
    readonly n: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const count = this.drafts.length;
    const step = beginStep(
      model,
      real,
      this.oneKey ? `batch of ${count} concurrent creates with one key` : `batch of ${count} concurrent creates`,
    );
    const key = this.oneKey ? newKey() : undefined;
    // Distinct contacts of one millisecond that also share an external-ID entry: an upsert on it must pick the smallest cdId (D2, D6).
    const first = this.drafts[0]!;
    const shared = Object.entries(first.ext).slice(0, 1);
    const bodies = this.drafts.map((d) =>
      resolveDraft(real, this.space, this.oneKey ? first : { ...d, ext: { ...d.ext, ...Object.fromEntries(shared) } }),
    );
    const requests = bodies.map((body) => createRequest(real, this.space, body, { key }));
    await batch(
      model,
      real,
      step,
      requests,
      (m) => m.contacts[this.space].filter((c) => c.createdStep === step.n),
      this.n,
      this.oneKey,
    );
  }
  toString = () => this.text;
}

export function batchCreatesCommand(ctx: CheckContext, spaces: Space[]): fc.Arbitrary<fc.AsyncCommand<Model, Real>> {
  const text = requestText(ctx.contract);
  return fc
    .tuple(spaceArbitrary(spaces), fc.array(draftArbitrary, { minLength: 2, maxLength: 3 }), fc.boolean(), fc.nat(1000))
    .map(([space, drafts, oneKey, n]) => {
      const lines = oneKey
        ? `${drafts.length} x ${text.line('createContact', { space, keyed: '<one key>', body: showDraft(drafts[0]!) })}`
        : drafts.map((d) => text.line('createContact', { space, body: showDraft(d) })).join(' & ');
      return new BatchCreates(`at once: ${lines}`, space, drafts, oneKey, n);
    });
}
