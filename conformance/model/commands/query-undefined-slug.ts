/** POST /contacts/query on a custom field the workspace does not define: 422 on `conditions[i].field` (D3). */
import * as fc from 'fast-check';
import { NAMES } from '../../../spec/index.js';
import type { CheckContext } from '../../types.js';
import { spaceArbitrary } from '../data.js';
import type { Real } from '../real.js';
import { beginStep } from '../step.js';
import { queryUndefinedSlug } from '../verify.js';
import type { Model, Space } from '../world.js';
import { requestText } from './request-text.js';

class QueryUndefinedSlug implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly text: string,
    readonly space: Space,
    readonly n: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    if (!real.spaces.includes(this.space)) return;
    beginStep(model, real, 'query on an undefined custom field');
    await queryUndefinedSlug(real, model, this.space, real.probers[this.space].undefinedSlug(this.n));
  }
  toString = () => this.text;
}

export function queryUndefinedSlugCommand(
  ctx: CheckContext,
  spaces: Space[],
): fc.Arbitrary<fc.AsyncCommand<Model, Real>> {
  const text = requestText(ctx.contract);
  return fc.tuple(spaceArbitrary(spaces), fc.nat(1000)).map(
    ([space, n]) =>
      new QueryUndefinedSlug(
        text.line('queryContacts', {
          space,
          body: `{"conditions":[<${NAMES.fields.tags} contains $MARKER>, {"field":"${ctx.contract.names.customFieldPrefix}<undefined slug>","op":"exists","value":true}]}`,
        }),
        space,
        n,
      ),
  );
}
