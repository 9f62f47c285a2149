/**
 * Test support for the PostgreSQL store: a throwaway cluster per test process
 * (skipped, with its reason, where PostgreSQL is not installed), storages on
 * fresh databases with the contract's options, and contacts built by the model.
 */
import type { Test } from 'tap';
import { loadContract } from '../../../spec/index.js';
import { postgresMissing, startPostgres, type TestPostgres } from '../../../test/helpers/postgres.js';
import { createContactModel } from '../../contacts/model.js';
import type { NewContact, Storage, StorageOptions } from '../storage.js';
import { createPostgresStorage } from './index.js';

export const contract = await loadContract();
export const model = createContactModel(contract);

export const storageOptions = (overrides: Partial<StorageOptions> = {}): StorageOptions => ({
  now: Date.now,
  retentionSeconds: contract.limits.idempotencyRetentionSeconds,
  searchText: model.searchText,
  listOrder: contract.listOrder,
  ...overrides,
});

let shared: Promise<TestPostgres | undefined> | undefined;

/**
 * The process's cluster, undefined when PostgreSQL is not installed. Test files that run in one
 * process (a test unit) share it, each on databases of its own, instead of each paying an initdb;
 * it stops when the process exits (the helper's exit hook), or at the next start if the process
 * was killed.
 */
export async function cluster(): Promise<TestPostgres | undefined> {
  if (postgresMissing()) return undefined;
  shared ??= startPostgres();
  return shared;
}

/** Where no cluster can start: one skipped test saying why (not a plan, so it also runs inside a test unit). */
export function skipWithoutPostgres(t: Test): void {
  t.test('PostgreSQL store', { skip: postgresMissing() ?? true }, () => undefined);
}

/** A storage on a new database of `pg`, closed in `t`'s teardown. */
export async function freshStorage(
  t: Test,
  pg: TestPostgres,
  overrides: Partial<StorageOptions> = {},
): Promise<{ storage: Storage; url: string }> {
  const url = await pg.database();
  const storage = await createPostgresStorage(url, storageOptions(overrides));
  t.teardown(() => storage.close());
  return { storage, url };
}

let minted = 0;

/** A contact of `workspaceId` from write fields, at `createdAt` (default: now), with a fresh cdId. */
export function contact(
  workspaceId: string,
  fields: Record<string, unknown>,
  createdAt = new Date().toISOString(),
  cdId = `cd_t${++minted}`,
): NewContact {
  return { ...model.build(fields, workspaceId, 'user-1'), cdId, createdAt, updatedAt: createdAt };
}
