/**
 * How a command prints: like the HTTP request it sends (method, path from the
 * contract, the flags and a short body), so a shrunk sequence reads as a
 * script. Ids are symbolic until the step runs: `{C2}` is the second contact
 * the sequence wrote in that workspace, `$ID_A` an external ID of the sequence.
 */
import type { Contract } from '../../../spec/index.js';
import { dryRun, upsert } from '../../support/flags.js';
import { keyHeader } from '../../support/idempotency.js';
import type { Space } from '../world.js';

export interface RequestText {
  line(
    operationId: string,
    options: {
      space: Space;
      path?: Record<string, string>;
      dryRun?: boolean;
      upsert?: boolean;
      keyed?: string;
      body?: string;
      query?: Record<string, unknown>;
    },
  ): string;
}

export function requestText(contract: Contract): RequestText {
  return {
    line(operationId, o) {
      const op = contract.operation(operationId);
      let path = op.path;
      for (const [name, value] of Object.entries(o.path ?? {})) path = path.replace(`{${name}}`, value);
      const query: string[] = Object.entries(o.query ?? {}).map(([k, v]) => `${k}=${v}`);
      if (o.upsert) query.push(`${upsert(contract)}=true`);
      if (o.dryRun) query.push(`${dryRun(contract, operationId)}=true`);
      const parts = [`${op.method} ${path}${query.length ? `?${query.join('&')}` : ''}`];
      if (o.space === 'second') parts.push('[second key]');
      if (o.keyed) parts.push(`-H '${keyHeader(contract, operationId)}: ${o.keyed}'`);
      if (o.body) parts.push(o.body);
      return parts.join(' ');
    },
  };
}
