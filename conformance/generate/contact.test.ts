import t from 'tap';
import * as fc from 'fast-check';
import { loadContract } from '../../spec/index.js';
import type { ResolvedConfig, WorkspaceInfo } from '../types.js';
import { contactChanges, contactFields } from './contact.js';
import { codePointLength } from './text.js';

const contract = await loadContract();
const workspace: WorkspaceInfo = {
  workspaceId: 'ws-one',
  customFields: [
    { slug: 'donor_level', type: 'string' },
    { slug: 'lifetime_giving', type: 'number' },
    { slug: 'volunteer', type: 'boolean' },
  ],
};
const config = { runTag: 'conformance-abc123', runId: 'abc123' } as ResolvedConfig;
const ctx = { contract, workspace, config };

t.test('contactFields: valid create bodies carrying the run tag and the workspace custom fields', async (t) => {
  const validate = contract.operation('createContact').body!.validate;
  const contacts = fc.sample(contactFields(ctx), { numRuns: 300, seed: 5 });
  t.same(
    contacts.filter((contact) => !validate({ contact })),
    [],
    'every body passes the createContact validator',
  );
  t.same(
    contacts.filter((c) => !(c.tags as string[]).includes(config.runTag)),
    [],
    'every contact has the run tag',
  );
  const types = new Map(workspace.customFields.map((f) => [f.slug, f.type]));
  const custom = contacts.flatMap((c) => Object.entries((c.customFields ?? {}) as Record<string, unknown>));
  t.same(
    custom.filter(([slug, value]) => types.get(slug) !== typeof value),
    [],
    'custom fields are defined slugs with their JSON type',
  );
  t.same(new Set(custom.map(([slug]) => slug)).size, 3, 'every custom field occurs');
  const names = contacts
    .flatMap((c) => [c.firstName, c.middleName, c.lastName, c.organization])
    .filter((v): v is string => typeof v === 'string');
  t.ok(
    names.some((n) => codePointLength(n) === 200),
    'some names are as long as allowed',
  );
  t.ok(
    names.some((n) => /[^\x00-\x7f]/.test(n)),
    'some names are not ASCII',
  );
});

t.test('contactChanges: valid update bodies; replaced tags keep the run tag', async (t) => {
  const validate = contract.operation('updateContact').body!.validate;
  const changes = fc.sample(contactChanges(ctx), { numRuns: 200, seed: 6 });
  t.same(
    changes.filter((contact) => !validate({ contact })),
    [],
    'every body passes the updateContact validator',
  );
  t.same(
    changes.filter((c) => 'tags' in c && !(c.tags as string[]).includes(config.runTag)),
    [],
    'tags keep the run tag',
  );
  t.ok(
    changes.some((c) => !('tags' in c)),
    'some changes leave tags alone',
  );
});
