/**
 * An earlier keyed write sent again (D8): as it was, it replays the original
 * answer byte for byte and executes nothing, whatever was written since; with
 * another body it is 409; on another contact's path the key is a new record
 * and the PUT executes.
 */
import * as fc from 'fast-check';
import type { CheckContext } from '../../types.js';
import type { Real } from '../real.js';
import { beginStep, single } from '../step.js';
import { verify } from '../verify.js';
import { findContact, type Model } from '../world.js';
import { resendRequest, updateRequest } from '../writes.js';

type Mode = 'same' | 'changed' | 'other-path';

class ReplayWrite implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly text: string,
    readonly pick: number,
    readonly mode: Mode,
    readonly n: number,
  ) {}
  check = (model: Readonly<Model>) => model.keys.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    // A replay after other writes to the same contact is the interesting one (D8: still the original answer).
    const written = model.keys.filter((k) => {
      const id =
        k.options.pathParams?.contactId ?? (JSON.parse(k.body) as { data?: { contactId?: string } }).data?.contactId;
      const contact = id === undefined ? undefined : findContact(model, id);
      return contact !== undefined && contact.writtenBy.n > k.step.n;
    });
    const pool = this.mode === 'same' && written.length ? written : model.keys;
    const record = pool[this.pick % pool.length]!;
    const body = record.options.body as { contact: Record<string, unknown> };
    const id = record.options.pathParams?.contactId;
    const others = model.contacts[record.space].filter((c) => c.cdId !== id);
    const mode: Mode = this.mode === 'other-path' && (id === undefined || others.length === 0) ? 'same' : this.mode;
    const labels: Record<Mode, string> = {
      same: `replay of step ${record.step.n}`,
      changed: `reuse of step ${record.step.n}'s key with another body`,
      'other-path': `reuse of step ${record.step.n}'s key on another contact`,
    };
    const step = beginStep(model, real, labels[mode]);
    let request;
    if (mode === 'same') request = resendRequest(real, record);
    else if (mode === 'changed')
      request = resendRequest(real, record, {
        ...record.options,
        body: { contact: { ...body.contact, jobTitle: `changed ${step.n}` } },
      });
    else {
      const target = others[this.pick % others.length]!;
      request = updateRequest(real, record.space, target.cdId, body.contact, { key: record.key });
    }
    await single(model, real, step, request);
    const about =
      mode === 'other-path'
        ? others[this.pick % others.length]!.cdId
        : (id ?? (JSON.parse(record.body) as { data?: { contactId?: string } }).data?.contactId);
    const focus = about ? findContact(model, about) : undefined;
    await verify(real, model, { focus: focus ? [focus] : model.contacts[record.space].slice(-1), n: this.n });
  }
  toString = () => this.text;
}

export function replayWriteCommand(_ctx: CheckContext): fc.Arbitrary<fc.AsyncCommand<Model, Real>> {
  return fc
    .tuple(
      fc.nat(20),
      fc.oneof(
        { weight: 3, arbitrary: fc.constant<Mode>('same') },
        { weight: 1, arbitrary: fc.constant<Mode>('changed') },
        { weight: 1, arbitrary: fc.constant<Mode>('other-path') },
      ),
      fc.nat(1000),
    )
    .map(([pick, mode, n]) => {
      const what = {
        same: 'the same request again',
        changed: 'the same key with another body',
        'other-path': "the same key on another contact's path",
      }[mode];
      return new ReplayWrite(`# resend keyed write K${pick}: ${what}`, pick, mode, n);
    });
}
