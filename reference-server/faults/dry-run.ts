/** Dry-run faults (D7): a preview that writes, skips a step, uses the key or has the wrong shape. */
import type { CatalogueEntry } from './fault.js';

export const DRY_RUNS: readonly CatalogueEntry[] = [
  {
    name: 'dry-run-writes',
    kind: 'fault',
    area: 'dry-run',
    description: '?dryRun=true answers with a preview but writes the contact anyway.',
    expectedChecks: ['dry-run-create', 'dry-run-update'],
    apply: (parts) => ({
      ...parts,
      writes: {
        ...parts.writes,
        async preview(plan, current) {
          await current.writes.apply(plan, current);
          return parts.writes.preview(plan, current);
        },
      },
    }),
  },
  {
    name: 'dry-run-skips-validation',
    kind: 'fault',
    area: 'dry-run',
    description:
      'A dry run skips the body schema: an invalid body gets a preview (or whatever the handler makes of it).',
    expectedChecks: ['dry-run-validates'],
    apply: (parts) => {
      // parseParams and validateBody run one after the other, with no await between, for each request.
      let dryRun = false;
      return {
        ...parts,
        parseParams(operation, raw, pathParams) {
          const parsed = parts.parseParams(operation, raw, pathParams);
          dryRun = parsed.ok && parts.isDryRun(parsed.value);
          return parsed;
        },
        validateBody: (operation, body) => (dryRun ? undefined : parts.validateBody(operation, body)),
      };
    },
  },
  {
    name: 'dry-run-skips-auth',
    kind: 'fault',
    area: 'dry-run',
    description:
      "A dry run without a valid key is answered as the first workspace's (previews are treated as harmless).",
    expectedChecks: ['dry-run-requires-auth'],
    apply: (parts) => ({
      ...parts,
      authenticate(raw) {
        const result = parts.authenticate(raw);
        if (result.kind !== 'denied' || raw.query.get(parts.contract.names.query.dryRun) !== 'true') return result;
        return { kind: 'granted', via: result.via, workspace: parts.workspaces.all()[0]! };
      },
    }),
  },
  {
    name: 'dry-run-consumes-key',
    kind: 'fault',
    area: 'dry-run',
    description:
      'A dry run stores its preview under its Idempotency-Key, so the real request with that key replays the preview.',
    expectedChecks: ['dry-run-keeps-idempotency-key'],
    apply: (parts) => ({
      ...parts,
      idempotency: {
        ...parts.idempotency,
        keyOf: (ctx) => ctx.params.get(parts.contract.names.requestHeaders.idempotencyKey) as string | undefined,
      },
    }),
  },
  {
    name: 'dry-run-missing-action',
    kind: 'fault',
    area: 'dry-run',
    description: 'A dry run answers { data: { dryRun, wouldWrite } } without action.',
    expectedChecks: ['dry-run-create', 'dry-run-update'],
    apply: (parts) => ({
      ...parts,
      writes: {
        ...parts.writes,
        async preview(plan, current) {
          const result = await parts.writes.preview(plan, current);
          if (!('body' in result)) return result;
          const { action: _action, ...data } = (result.body as { data: Record<string, unknown> }).data;
          return { ...result, body: { data } };
        },
      },
    }),
  },
];
