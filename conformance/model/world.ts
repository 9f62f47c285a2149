/**
 * The model's state: the contacts one command sequence wrote, per workspace,
 * as the contract says they are stored (flattened, D5/D6), the idempotency
 * records of its keyed writes (D8), and what each step did, so that a read
 * that contradicts the model can name the step that made the state it reads.
 */

/** The run's two workspaces: the primary key's and the second key's. */
export type Space = 'first' | 'second';

export type Flat = Record<string, unknown>;

export interface Step {
  /** 1-based position in the sequence. */
  n: number;
  /** What the step did, as a finding names it: `the dry-run upsert`. */
  label: string;
}

export interface ModelContact {
  cdId: string;
  space: Space;
  /** The flattened record the contract says reads return; `createdAt`/`updatedAt` once the target showed them. */
  record: Flat;
  /** The step that created the contact. */
  createdStep: number;
  /** The step whose write made the current record. */
  writtenBy: Step;
  /** The last step that sent a request about this contact (a dry run, a replay, a 404 elsewhere). */
  touchedBy: Step;
  /** True until a read shows the timestamps of the current record (after a create or an update). */
  fresh: boolean;
  /** The updatedAt before the last update, which the new one may not precede. */
  previousUpdatedAt?: string;
}

/** A stored 2xx answer to a keyed write (D8). */
export interface KeyRecord {
  space: Space;
  method: string;
  /** The request path as sent (with the contact id), the record's scope. */
  path: string;
  key: string;
  fingerprint: string;
  status: number;
  body: string;
  /** How to send the same request again. */
  operationId: string;
  options: import('../types.js').CallOptions;
  step: Step;
}

export interface Model {
  contacts: Record<Space, ModelContact[]>;
  keys: KeyRecord[];
  /** Steps that ran so far. */
  steps: Step[];
}

export function emptyModel(): Model {
  return { contacts: { first: [], second: [] }, keys: [], steps: [] };
}

/** A deep copy, for trying one serial order of a concurrent batch. */
export function cloneModel(model: Model): Model {
  const copy = (c: ModelContact): ModelContact => ({ ...c, record: structuredClone(c.record) });
  return {
    contacts: { first: model.contacts.first.map(copy), second: model.contacts.second.map(copy) },
    keys: model.keys.map((k) => ({ ...k })),
    steps: [...model.steps],
  };
}

/** Replaces `target`'s state with `source`'s (the serial order a batch was explained by). */
export function adoptModel(target: Model, source: Model): void {
  target.contacts = source.contacts;
  target.keys = source.keys;
  target.steps = source.steps;
}

export function findContact(model: Model, cdId: string): ModelContact | undefined {
  return model.contacts.first.find((c) => c.cdId === cdId) ?? model.contacts.second.find((c) => c.cdId === cdId);
}

/** `the dry-run upsert in step 4`. */
export const stepName = (step: Step): string => `the ${step.label} in step ${step.n}`;

/** Why a contact reads as the model says: the step that wrote it and, when later, the last one that touched it. */
export function causeOf(contact: ModelContact): string {
  const written = stepName(contact.writtenBy);
  if (contact.touchedBy.n === contact.writtenBy.n) return `after ${written}`;
  return `after ${stepName(contact.touchedBy)} (${contact.cdId} was last written by ${written})`;
}
