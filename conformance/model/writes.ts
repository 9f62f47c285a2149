/**
 * What each write must answer from the model's state, and what it changes:
 * create, upsert (the oldest contact sharing an external-ID entry, D6), PUT
 * (merge; 404 for an unknown or another workspace's id, D6/D12), dry runs
 * (a preview, nothing written, the key left alone, D7), and keyed writes
 * (replay byte for byte, 409 on another body or while in flight, only 2xx
 * stored, D8). A request's `outcomes` are every answer the contract allows;
 * a concurrent batch is explained when some serial order picks one each.
 */
import { NAMES, type Contract } from '../../spec/index.js';
import { fillPath } from '../client.js';
import type { ApiResponse, CallOptions, WorkspaceInfo } from '../types.js';
import { contactDifferences, contactShape, expectedDraft, mergedDraft } from '../support/contact-model.js';
import { errorCode, missesError, type ErrorRole } from '../support/error-code.js';
import { dryRun as dryRunFlag, upsert as upsertFlag } from '../support/flags.js';
import { isReplayed, keyHeader, replayedHeader } from '../support/idempotency.js';
import { show } from './mismatch.js';
import { inListOrder } from './reads.js';
import type { Real } from './real.js';
import type { Flat, KeyRecord, Model, ModelContact, Space, Step } from './world.js';

export interface Outcome {
  /** The answer the model expects, for messages. */
  expected: string;
  /** Why `response` is not this outcome, or undefined when it is. */
  differs(response: ApiResponse): string | undefined;
  apply(model: Model, response: ApiResponse): void;
}

export interface WriteRequest {
  space: Space;
  operationId: string;
  options: CallOptions;
  /** The model's answers for this request in state `model`; `concurrentKey` allows the in-flight 409 (D8). */
  outcomes(model: Model, concurrentKey: boolean): Outcome[];
}

type Data = Record<string, unknown>;
const dataOf = (r: ApiResponse): Data | undefined => (r.json as { data?: Data } | undefined)?.data;

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${sortedJson((value as Data)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** D8: method, path, the query without `dryRun`, the body with sorted keys. */
function fingerprint(contract: Contract, method: string, path: string, options: CallOptions): string {
  const dry = dryRunFlag(contract);
  const query = Object.entries(options.query ?? {})
    .filter(([k, v]) => k !== dry && v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `${method} ${path} ${sortedJson(query)} ${sortedJson(options.body)}`;
}

function touch(model: Model, cdId: string | undefined, step: Step): void {
  const contact =
    cdId === undefined ? undefined : model.contacts.first.concat(model.contacts.second).find((c) => c.cdId === cdId);
  if (contact) contact.touchedBy = step;
}

interface WriteEnv {
  real: Real;
  step: Step;
  space: Space;
  workspace: WorkspaceInfo;
}

const envOf = (real: Real, space: Space): WriteEnv => ({
  real,
  step: real.step,
  space,
  workspace: real.workspace(space),
});
const differences = (env: WriteEnv, expected: Flat, actual: unknown) =>
  contactDifferences({ contract: env.real.contract, workspace: env.workspace }, expected, (actual ?? {}) as Flat);

function createdOutcome(env: WriteEnv, body: Flat, status = 201): Outcome {
  return {
    expected: `${status} { data: { contactId: <new>, workspaceId: ${env.workspace.workspaceId}, created: true } }`,
    differs(r) {
      const data = dataOf(r);
      if (r.status !== status || data?.created !== true || typeof data.contactId !== 'string')
        return `answered ${r.status} ${show(r.text, 200)}`;
      if (data.workspaceId !== env.workspace.workspaceId) return `answered workspaceId ${show(data.workspaceId)}`;
      return undefined;
    },
    apply(model, r) {
      const cdId = dataOf(r)!.contactId as string;
      const record = { ...expectedDraft(env.real.contract, body), cdId };
      model.contacts[env.space].push({
        cdId,
        space: env.space,
        record,
        createdStep: env.step.n,
        writtenBy: env.step,
        touchedBy: env.step,
        fresh: true,
      });
    },
  };
}

function updatedOutcome(env: WriteEnv, contact: ModelContact, changes: Flat, answer: Data, status: number): Outcome {
  return {
    expected: `${status} { data: ${show({ contactId: contact.cdId, workspaceId: env.workspace.workspaceId, ...answer })} }`,
    differs(r) {
      const data = dataOf(r);
      if (
        r.status !== status ||
        data?.contactId !== contact.cdId ||
        Object.entries(answer).some(([k, v]) => data[k] !== v)
      )
        return `answered ${r.status} ${show(r.text, 200)}`;
      return undefined;
    },
    apply(model) {
      const target = model.contacts[env.space].find((c) => c.cdId === contact.cdId)!;
      const { id, createdAt, updatedAt: updatedField } = NAMES.fields;
      const { [updatedField]: updatedAt, ...kept } = target.record;
      // The new updatedAt is the target's to choose; the next read shows it (D6: it moves).
      target.record = {
        ...mergedDraft(env.real.contract, kept, changes),
        [id]: target.cdId,
        [createdAt]: kept[createdAt],
      };
      if (typeof updatedAt === 'string') target.previousUpdatedAt = updatedAt;
      target.writtenBy = env.step;
      target.touchedBy = env.step;
      target.fresh = true;
    },
  };
}

function previewOutcome(env: WriteEnv, action: 'create' | 'update', wouldBe: Flat, contact?: ModelContact): Outcome {
  return {
    expected: `200 { data: { dryRun: true, action: "${action}", wouldWrite: ${show(wouldBe, 200)} } }`,
    differs(r) {
      const data = dataOf(r);
      if (r.status !== 200 || data?.dryRun !== true || data.action !== action)
        return `answered ${r.status} ${show(r.text, 200)}`;
      const would = data.wouldWrite as Flat | undefined;
      const previewed = would?.[NAMES.fields.id];
      if (contact && previewed !== contact.cdId) return `previews ${show(previewed)} instead of ${contact.cdId}`;
      const diff = differences(env, wouldBe, would);
      return diff.length ? `wouldWrite differs: ${diff.join('; ')}` : undefined;
    },
    apply: (model) => touch(model, contact?.cdId, env.step),
  };
}

function errorOutcome(env: WriteEnv, role: ErrorRole, field: string | undefined, about?: string): Outcome {
  const expected = errorCode(env.real.contract, role);
  return {
    expected: `${expected.status} ${expected.code}${field ? ` on ${field}` : ''}`,
    differs: (r) => missesError(r, expected, field),
    apply: (model) => touch(model, about, env.step),
  };
}

/** D8 around the operation's own outcomes: replay, conflict, or execute and store a 2xx. */
function keyed(
  env: WriteEnv,
  operationId: string,
  options: CallOptions,
  model: Model,
  concurrentKey: boolean,
  inner: Outcome[],
  about?: string,
): Outcome[] {
  const { contract } = env.real;
  const header = keyHeader(contract, operationId);
  const key = options.headers?.[header];
  const dry = options.query?.[dryRunFlag(contract, operationId)] === true;
  if (key === undefined || dry) return inner;
  const operation = contract.operation(operationId);
  const path = fillPath(operation.path, options.pathParams);
  const print = fingerprint(contract, operation.method, path, options);
  const conflict = errorOutcome(env, 'conflict', header, about);
  const record = model.keys.find(
    (k) => k.space === env.space && k.method === operation.method && k.path === path && k.key === key,
  );
  if (record && record.fingerprint !== print) return [conflict];
  if (record) {
    const replayed = replayedHeader(contract, operationId);
    return [
      {
        expected: `a replay of step ${record.step.n}'s answer: ${record.status} ${show(record.body, 200)} with ${replayed}: ${contract.names.headerValues.idempotentReplayed}`,
        differs(r) {
          if (r.status !== record.status || r.text !== record.body) return `answered ${r.status} ${show(r.text, 200)}`;
          if (!isReplayed(contract, r.headers, operationId))
            return `the replay lacks ${replayed}: ${contract.names.headerValues.idempotentReplayed}`;
          return undefined;
        },
        apply: (m) => touch(m, about, env.step),
      },
      ...(concurrentKey ? [conflict] : []),
    ];
  }
  const stored = inner.map(
    (outcome): Outcome => ({
      ...outcome,
      apply(m, r) {
        outcome.apply(m, r);
        if (r.status >= 200 && r.status < 300) {
          const saved: KeyRecord = {
            space: env.space,
            method: operation.method,
            path,
            key,
            fingerprint: print,
            status: r.status,
            body: r.text,
            operationId,
            options,
            step: env.step,
          };
          m.keys.push(saved);
        }
      },
    }),
  );
  return concurrentKey ? [...stored, conflict] : stored;
}

export interface WriteFlags {
  key?: string;
  dryRun?: boolean;
}

function writeOptions(
  real: Real,
  operationId: string,
  flags: WriteFlags,
  query: Data,
  body: unknown,
  pathParams?: Record<string, string>,
): CallOptions {
  const q: Data = { ...query };
  if (flags.dryRun) q[dryRunFlag(real.contract, operationId)] = true;
  return {
    ...(pathParams ? { pathParams } : {}),
    ...(Object.keys(q).length ? { query: q as CallOptions['query'] } : {}),
    ...(flags.key !== undefined ? { headers: { [keyHeader(real.contract, operationId)]: flags.key } } : {}),
    body,
  };
}

export function createRequest(real: Real, space: Space, body: Flat, flags: WriteFlags = {}): WriteRequest {
  const options = writeOptions(real, 'createContact', flags, {}, { contact: body });
  return {
    space,
    operationId: 'createContact',
    options,
    outcomes(model, concurrentKey) {
      const env = envOf(real, space);
      const inner = flags.dryRun
        ? [previewOutcome(env, 'create', expectedDraft(real.contract, body))]
        : [createdOutcome(env, body)];
      return keyed(env, 'createContact', options, model, concurrentKey, inner);
    },
  };
}

/** D6: the oldest contact (list order) with the same ID under the same system as one of the body's entries. */
export function upsertMatch(real: Real, model: Model, space: Space, body: Flat): ModelContact | undefined {
  const ext = contactShape(real.contract).externalIds;
  const entries = Object.entries((body[ext] ?? {}) as Record<string, string>);
  return inListOrder(real.contract, model, space).find((c) => {
    const ids = (c.record[ext] ?? {}) as Record<string, string>;
    return entries.some(([system, id]) => ids[system] === id);
  });
}

export function upsertRequest(real: Real, space: Space, body: Flat, flags: WriteFlags = {}): WriteRequest {
  const options = writeOptions(real, 'createContact', flags, { [upsertFlag(real.contract)]: true }, { contact: body });
  return {
    space,
    operationId: 'createContact',
    options,
    outcomes(model, concurrentKey) {
      const env = envOf(real, space);
      const match = upsertMatch(real, model, space, body);
      let inner: Outcome[];
      if (match && flags.dryRun)
        inner = [previewOutcome(env, 'update', mergedDraft(real.contract, match.record, body), match)];
      else if (match) inner = [updatedOutcome(env, match, body, { created: false }, 200)];
      else if (flags.dryRun) inner = [previewOutcome(env, 'create', expectedDraft(real.contract, body))];
      else inner = [createdOutcome(env, body)];
      return keyed(env, 'createContact', options, model, concurrentKey, inner, match?.cdId);
    },
  };
}

export function updateRequest(
  real: Real,
  space: Space,
  cdId: string,
  changes: Flat,
  flags: WriteFlags = {},
): WriteRequest {
  const options = writeOptions(real, 'updateContact', flags, {}, { contact: changes }, { contactId: cdId });
  return {
    space,
    operationId: 'updateContact',
    options,
    outcomes(model, concurrentKey) {
      const env = envOf(real, space);
      // D12: another workspace's contact is indistinguishable from none.
      const contact = model.contacts[space].find((c) => c.cdId === cdId);
      let inner: Outcome[];
      if (!contact) inner = [errorOutcome(env, 'notFound', undefined, cdId)];
      else if (flags.dryRun)
        inner = [previewOutcome(env, 'update', mergedDraft(real.contract, contact.record, changes), contact)];
      else inner = [updatedOutcome(env, contact, changes, { updated: true }, 200)];
      return keyed(env, 'updateContact', options, model, concurrentKey, inner, cdId);
    },
  };
}

/** An earlier keyed write sent again as it was. */
export function resendRequest(real: Real, record: KeyRecord, options: CallOptions = record.options): WriteRequest {
  return {
    space: record.space,
    operationId: record.operationId,
    options,
    outcomes(model, concurrentKey) {
      const env = envOf(real, record.space);
      const cdId =
        record.options.pathParams?.contactId ??
        ((JSON.parse(record.body) as { data?: Data }).data?.contactId as string | undefined);
      // The key's record decides: the same request replays, another body conflicts (D8).
      return keyed(env, record.operationId, options, model, concurrentKey, [], cdId);
    },
  };
}
