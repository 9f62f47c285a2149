/** Idempotency faults (D8): replay, conflict, scope and concurrency. */
import type { CatalogueEntry } from './fault.js';

export const IDEMPOTENCY: readonly CatalogueEntry[] = [
  {
    name: 'idempotency-replay-reexecutes',
    kind: 'fault',
    area: 'idempotency',
    description: 'A repeated Idempotency-Key executes the request again instead of replaying it.',
    expectedChecks: ['idempotency-replay'],
    apply: (parts) => ({
      ...parts,
      idempotency: {
        ...parts.idempotency,
        lookup: async (scope, print) => {
          const found = await parts.idempotency.lookup(scope, print);
          return found.kind === 'replay' ? { kind: 'miss' } : found;
        },
        claim: async (scope, print) => {
          const claim = await parts.idempotency.claim(scope, print);
          return claim.kind === 'replay' ? { kind: 'claimed' } : claim;
        },
      },
    }),
  },
  {
    name: 'idempotency-ignores-body',
    kind: 'fault',
    area: 'idempotency',
    description: 'The same key with a different body replays the first response instead of a 409.',
    expectedChecks: ['idempotency-conflict'],
    apply: (parts) => ({
      ...parts,
      idempotency: { ...parts.idempotency, fingerprintOf: (ctx) => `${ctx.raw.method} ${ctx.raw.path}` },
    }),
  },
  {
    name: 'idempotency-key-shared-across-workspaces',
    kind: 'fault',
    area: 'idempotency',
    description:
      "Keys are not scoped by workspace: another workspace's request with the same key and body gets the first workspace's replay.",
    expectedChecks: ['idempotency-scope'],
    apply: (parts) => ({
      ...parts,
      idempotency: {
        ...parts.idempotency,
        scopeOf: (ctx, key) => ({ ...parts.idempotency.scopeOf(ctx, key), workspaceId: '' }),
      },
    }),
  },
  {
    name: 'idempotency-key-shared-across-routes',
    kind: 'fault',
    area: 'idempotency',
    description:
      "Keys are scoped by workspace only: the same key on another route or another contact's PUT is a 409 or a replay.",
    expectedChecks: ['idempotency-scope'],
    apply: (parts) => ({
      ...parts,
      idempotency: {
        ...parts.idempotency,
        scopeOf: (ctx, key) => ({ ...parts.idempotency.scopeOf(ctx, key), method: '', path: '' }),
      },
    }),
  },
  {
    name: 'idempotency-concurrent-duplicates-execute',
    kind: 'fault',
    area: 'idempotency',
    description: 'A key is only recorded once its request has executed, so concurrent duplicates all execute.',
    expectedChecks: ['idempotency-concurrent'],
    apply: (parts) => ({
      ...parts,
      idempotency: {
        ...parts.idempotency,
        // A duplicate that arrives before the first request's record is saved finds nothing to wait for.
        claim: async () => ({ kind: 'claimed' }),
      },
    }),
  },
  {
    name: 'idempotency-replay-status-200',
    kind: 'fault',
    area: 'idempotency',
    description: 'A replay answers 200 whatever the original status was (a replayed 201 create becomes a 200).',
    expectedChecks: ['idempotency-replay'],
    apply: (parts) => ({
      ...parts,
      idempotency: { ...parts.idempotency, replay: (stored) => parts.idempotency.replay({ ...stored, status: 200 }) },
    }),
  },
];
