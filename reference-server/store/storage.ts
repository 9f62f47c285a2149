/**
 * The storage interface, in the contract's terms: contacts, query conditions
 * as data (D3), pages (D2), search (D4), idempotency records with reservation
 * and completion (D8), and transactions. Handlers and faults use only this;
 * the SQL lives inside each implementation (`sqlite/`, `postgres/`), and a
 * second store passes the same store tests (`storage.test.ts`).
 */
import type { OrderKey } from '../../spec/index.js';
import type { Condition, ContactDoc, ContactDraft, ContactRecord, Page, SearchSpec } from '../types.js';

/** A contact about to be inserted: the draft with its id and timestamps. */
export interface NewContact extends ContactDraft {
  cdId: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * A stored contact as read: the record as one JSON text (`{"id":<integer>,...}`, the record's own
 * keys). Each store builds it the cheapest way it can; `parseRow` turns it into a ContactRecord, and
 * the page serialiser keeps a row's flattened form by its id.
 */
export type ContactRow = string;

/** Every row starts with its id: `{"id":<integer>,`. */
const ID_START = '{"id":';

export const parseRow = (row: ContactRow): ContactRecord => JSON.parse(row) as ContactRecord;

/** The contact's row id, read off the row's start without parsing the rest. */
export const rowId = (row: ContactRow): number => Number(row.slice(ID_START.length, row.indexOf(',', ID_START.length)));

/** A record as a row, in the same key order every store uses. */
export const toRow = (record: ContactRecord & { id: number }): ContactRow =>
  JSON.stringify({
    id: record.id,
    workspaceId: record.workspaceId,
    cdId: record.cdId,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    createdBy: record.createdBy,
    doc: record.doc,
  });

/** The lookups a store keeps beside each contact, rewritten from its document on insert and update. */
export type Index = 'search' | 'externalIds' | 'tags';
export const INDEXES: readonly Index[] = ['search', 'externalIds', 'tags'];

/**
 * Contacts. Every read is scoped to one workspace (D12) and comes in the store's list order (D2);
 * a `null` workspace means every workspace, for maintenance reads only.
 */
export interface ContactStore {
  insert(contact: NewContact): Promise<ContactRecord & { id: number }>;
  /** Stores the record as given (fields, `updatedAt`, `createdAt`) and rewrites its lookups. */
  update(record: ContactRecord): Promise<void>;
  /** Rewrites the given lookups of contact `id` from `doc` (update does all of them). */
  reindex(id: number, doc: ContactDoc, indexes: readonly Index[]): Promise<void>;
  findById(workspaceId: string | null, cdId: string): Promise<ContactRecord | undefined>;
  /** D6: the first contact in list order sharing any of the (system, id) entries. */
  findByExternalIds(
    workspaceId: string | null,
    entries: ReadonlyArray<readonly [string, string]>,
  ): Promise<ContactRecord | undefined>;
  list(workspaceId: string | null, page: Page): Promise<ContactRow[]>;
  /** D3: the contacts every condition holds for (no conditions: every contact). */
  query(workspaceId: string | null, conditions: readonly Condition[], page: Page): Promise<ContactRow[]>;
  count(workspaceId: string | null, conditions: readonly Condition[]): Promise<number>;
  /** D4: word-prefix terms over the D4 fields, optionally narrowed by an external ID. */
  search(workspaceId: string | null, spec: SearchSpec, page: Page): Promise<ContactRow[]>;
}

/** D8: what one key's record says about a request. */
export type Lookup = { kind: 'miss' } | { kind: 'replay'; status: number; body: Buffer } | { kind: 'conflict' };

/** D8: a key taken for one execution, or the reason it cannot be. */
export type Claim = { kind: 'claimed' } | { kind: 'in-flight' } | Exclude<Lookup, { kind: 'miss' }>;

export interface IdempotencyScope {
  workspaceId: string;
  method: string;
  path: string;
  key: string;
}

/** D8: records keyed by workspace, method, path and key, expiring `retentionSeconds` after the request. */
export interface IdempotencyRecords {
  /** Outside a write: the record as it stands (an expired record is a miss). */
  lookup(scope: IdempotencyScope, fingerprint: string): Promise<Lookup>;
  /**
   * Inside `storage.write`: takes the key for this execution, across every process sharing the
   * store, until the write ends; a key another execution holds is `in-flight`, and a record
   * completed since `lookup` is a replay or a conflict.
   */
  claim(scope: IdempotencyScope, fingerprint: string): Promise<Claim>;
  /** Inside the same write as the claim: the response is stored with the write it reports. */
  save(scope: IdempotencyScope, fingerprint: string, response: { status: number; body: Buffer }): Promise<void>;
  /** Deletes every expired record now (also done on a timer and every few hundred saves). */
  purge(): Promise<void>;
}

export interface Storage {
  /** `sqlite` or `postgres`, for messages and benchmarks. */
  readonly kind: string;
  /** The D3 query ops this store evaluates; start-up fails when the spec has one it lacks. */
  readonly queryOps: ReadonlySet<string>;
  contacts: ContactStore;
  idempotency: IdempotencyRecords;
  /** The same contacts read in another order (faults only). */
  contactsInOrder(order: readonly OrderKey[]): ContactStore;
  /** Runs reads; they never see a write that has not committed. */
  read<T>(run: () => Promise<T>): Promise<T>;
  /**
   * Runs `run` in one transaction: everything it wrote commits together, durably, before the
   * promise resolves, or (if it throws) none of it does. Writes naming the same `lock` run one
   * after another, across every process sharing the store: the server names the workspace, so
   * writes sent at once behave as if sent in some order (a PUT's read, merge and update see no
   * other write of the workspace in between).
   */
  write<T>(run: () => Promise<T>, lock?: string): Promise<T>;
  close(): Promise<void>;
}

export interface StorageOptions {
  /** The clock, in epoch milliseconds (idempotency expiry). */
  now: () => number;
  /** D8: how long a record replays. */
  retentionSeconds: number;
  /** The search text of a contact (D4's fields), as the model builds it. */
  searchText: (doc: ContactDoc) => string;
  /** D2: the spec's list order. */
  listOrder: readonly OrderKey[];
  /** How often expired idempotency records are purged, in ms. */
  purgeIntervalMs?: number;
}
