/**
 * PUT /contacts/{contactId}: a merge of some fields into one of the
 * sequence's contacts, keyed or not, or its dry run; or a PUT to another
 * workspace's contact or to an unknown id, both 404 (D6, D7, D12).
 */
import * as fc from 'fast-check';
import type { CheckContext } from '../../types.js';
import { newKey } from '../../support/idempotency.js';
import { changesArbitrary, spaceArbitrary, type Changes } from '../data.js';
import { resolveDraft, showDraft, type Real } from '../real.js';
import { beginStep, single } from '../step.js';
import { externalEntries, searchChange, searchWords } from '../reads.js';
import { verify } from '../verify.js';
import type { Model, Space } from '../world.js';
import { updateRequest } from '../writes.js';
import { requestText } from './request-text.js';

type Target = 'own' | 'foreign' | 'unknown';

const other = (space: Space): Space => (space === 'first' ? 'second' : 'first');

class UpdateContact implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly text: string,
    readonly space: Space,
    readonly target: Target,
    readonly pick: number,
    readonly changes: Changes,
    readonly keyed: boolean,
    readonly dryRun: boolean,
    readonly n: number,
  ) {}
  check(model: Readonly<Model>): boolean {
    if (this.target === 'own') return model.contacts[this.space].length > 0;
    if (this.target === 'foreign') return model.contacts[other(this.space)].length > 0;
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    if (this.target === 'foreign' && !real.spaces.includes(other(this.space))) return;
    const pool =
      this.target === 'own'
        ? model.contacts[this.space]
        : this.target === 'foreign'
          ? model.contacts[other(this.space)]
          : [];
    const cdId = pool.length
      ? pool[this.pick % pool.length]!.cdId
      : `nosuch_${real.idPrefix.replace(/[^A-Za-z0-9_-]/g, '')}${this.pick}`;
    const what =
      this.target === 'foreign'
        ? "PUT to the other workspace's contact"
        : this.target === 'unknown'
          ? 'PUT to an unknown id'
          : 'PUT';
    const step = beginStep(model, real, this.dryRun ? `dry-run ${what}` : this.keyed ? `keyed ${what}` : what);
    const body = resolveDraft(real, this.space, this.changes);
    const before = model.contacts[this.space].find((c) => c.cdId === cdId)?.record;
    await single(
      model,
      real,
      step,
      updateRequest(real, this.space, cdId, body, { key: this.keyed ? newKey() : undefined, dryRun: this.dryRun }),
    );
    const focus = [...model.contacts.first, ...model.contacts.second].filter((c) => c.cdId === cdId);
    const after = model.contacts[this.space].find((c) => c.cdId === cdId)?.record;
    const change =
      before && after && !this.dryRun
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

export function updateContactCommand(ctx: CheckContext, spaces: Space[]): fc.Arbitrary<fc.AsyncCommand<Model, Real>> {
  const text = requestText(ctx.contract);
  const targets: Array<fc.WeightedArbitrary<Target>> = [
    { weight: 8, arbitrary: fc.constant('own') },
    { weight: 1, arbitrary: fc.constant('unknown') },
    ...(spaces.length > 1 ? [{ weight: 1, arbitrary: fc.constant<Target>('foreign') }] : []),
  ];
  return fc
    .tuple(
      spaceArbitrary(spaces),
      fc.oneof(...targets),
      fc.nat(20),
      changesArbitrary,
      fc.boolean(),
      fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      fc.nat(1000),
    )
    .map(([space, target, pick, changes, keyed, dryRun, n]) => {
      const id =
        target === 'own' ? `{C${pick}}` : target === 'foreign' ? `{other workspace's C${pick}}` : '{unknown id}';
      const line = text.line('updateContact', {
        space,
        path: { contactId: id },
        dryRun,
        keyed: keyed ? '<new key>' : undefined,
        body: showDraft(changes),
      });
      return new UpdateContact(line, space, target, pick, changes, keyed, dryRun, n);
    });
}
