/**
 * The maximal fixtures hold every maximum of the contract at once, and are what
 * `fixtures/maximal/generate.ts` writes (regenerate with
 * `node --import tsx fixtures/maximal/generate.ts`).
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { maximalWorkspaces } from '../../fixtures/maximal/generate.js';
import { loadContract } from '../../spec/index.js';

const contract = await loadContract();
const committed = JSON.parse(readFileSync(new URL('../../fixtures/maximal/workspaces.json', import.meta.url), 'utf8'));
const schemas = contract.schemas as Record<
  string,
  { properties: Record<string, Record<string, number>> } & Record<string, number>
>;
const longest = (values: string[]) => Math.max(...values.map((v) => [...v].length));

t.test('the committed fixtures are the generated ones', async (t) => {
  t.same(committed, JSON.parse(JSON.stringify(maximalWorkspaces(contract))));
});

t.test('every maximum at once', async (t) => {
  const workspace = schemas.Workspace!.properties;
  const field = schemas.CustomFieldDefinition!.properties;
  const activity = schemas.ActivityType!.properties;
  const types = (field.type as unknown as { enum: string[] }).enum;
  t.equal(committed.length, 2, 'two workspaces, for the isolation checks');
  for (const ws of committed) {
    t.equal(ws.customFields.length, workspace.customFields!.maxItems, `${ws.workspaceId}: the most custom fields`);
    t.equal(ws.activityTypes.length, workspace.activityTypes!.maxItems, 'the most activity types');
    t.equal(
      longest(ws.customFields.map((f: { value: string }) => f.value)),
      field.value!.maxLength,
      'the longest slug',
    );
    t.equal(
      longest(ws.customFields.map((f: { label: string }) => f.label)),
      field.label!.maxLength,
      'the longest labels',
    );
    for (const type of types)
      t.ok(
        ws.customFields.some((f: { type?: string }) => f.type === type),
        `a ${type} field`,
      );
    t.ok(
      ws.customFields.some((f: { type?: string }) => f.type === undefined),
      'a field with no type (a string, D5)',
    );
    t.equal(
      longest(ws.activityTypes.map((a: { helpText: string }) => a.helpText)),
      activity.helpText!.maxLength,
      'the longest help text',
    );
    t.equal([...ws.workspaceId].length, schemas.WorkspaceId!.maxLength, 'the longest workspace id');
    t.equal(
      [...ws.user.emailAddress].length,
      schemas.Whoami!.properties.emailAddress!.maxLength,
      'the longest email address',
    );
  }
});
