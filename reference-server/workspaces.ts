/**
 * Workspaces and their keys, from `<fixtures>/workspaces.json`. Each entry is
 * checked against the spec's `Workspace` and `Whoami` schemas; a custom field
 * slug that equals a standard contact field stops start-up (D5).
 */
import { readFileSync } from 'node:fs';
import type { Contract } from '../spec/index.js';
import type { components } from '../spec/types.gen.js';
import { createKeyRing, type KeyRing } from './auth/keys.js';
import type { CustomFieldDefinition, Workspace } from './types.js';

export interface WorkspaceRegistry {
  all(): readonly Workspace[];
  byId(workspaceId: string): Workspace | undefined;
  keys: KeyRing<Workspace>;
}

export interface LoadedWorkspaces {
  registry: WorkspaceRegistry;
  /** The fixtures' own keys, for the CLI to print; the registry keeps only hashes. */
  demoKeys: Array<{ workspaceId: string; apiKey: string }>;
}

/** An entry of workspaces.json as it should be; each is checked against the contract's schemas before use. */
type WorkspaceEntry = components['schemas']['Workspace'] & {
  apiKey?: unknown;
  user: Omit<components['schemas']['Whoami'], 'workspaceId' | 'workspaceName'>;
};

export function loadWorkspaces(file: string, contract: Contract, readFields: readonly string[]): LoadedWorkspaces {
  const entries = JSON.parse(readFileSync(file, 'utf8')) as WorkspaceEntry[];
  if (!Array.isArray(entries)) throw new Error(`${file}: expected an array of workspaces`);
  const checkWorkspace = contract.compile(contract.schemas.Workspace!);
  const checkWhoami = contract.compile(contract.schemas.Whoami!);
  const byId = new Map<string, Workspace>();
  const demoKeys: LoadedWorkspaces['demoKeys'] = [];
  // D3: a definition's `value` is the prefix and the slug (the load checked the pattern starts with it).
  const slugPrefix = contract.names.customFieldPrefix;

  for (const entry of entries) {
    const where = `${file}: workspace ${JSON.stringify(entry?.workspaceId)}`;
    const { apiKey, user, ...rest } = entry ?? {};
    if (!checkWorkspace(rest)) throw new Error(`${where}: ${JSON.stringify(checkWorkspace.errors)}`);
    if (!checkWhoami({ ...user, workspaceId: rest.workspaceId, workspaceName: rest.workspaceName })) {
      throw new Error(`${where}: user: ${JSON.stringify(checkWhoami.errors)}`);
    }
    if (typeof apiKey !== 'string' || apiKey === '') throw new Error(`${where}: apiKey must be a non-empty string`);
    if (byId.has(rest.workspaceId)) throw new Error(`${where}: defined twice`);
    const slugTypes = new Map<string, 'string' | 'number' | 'boolean'>();
    for (const def of rest.customFields as CustomFieldDefinition[]) {
      const slug = def.value.slice(slugPrefix.length);
      if (readFields.includes(slug))
        throw new Error(`${where}: custom field ${slug} collides with a standard field (D5)`);
      slugTypes.set(slug, def.type ?? 'string');
    }
    byId.set(rest.workspaceId, {
      workspaceId: rest.workspaceId,
      workspaceName: rest.workspaceName,
      status: rest.status,
      user: {
        userId: user.userId,
        firstName: user.firstName,
        lastName: user.lastName,
        emailAddress: user.emailAddress,
      },
      customFields: rest.customFields,
      activityTypes: rest.activityTypes,
      slugTypes,
    });
    demoKeys.push({ workspaceId: rest.workspaceId, apiKey });
  }
  const keys = createKeyRing(
    demoKeys.map(({ workspaceId, apiKey }) => ({ key: apiKey, owner: byId.get(workspaceId)! })),
  );
  return {
    registry: { all: () => [...byId.values()], byId: (id) => byId.get(id), keys },
    demoKeys,
  };
}
