/**
 * The parts record: every behaviour of the server as one small, replaceable
 * function. The request pipeline (`http/app.ts`) and the handlers call only
 * through the record they are given, so a fault (`faults/`) can wrap or
 * replace any one part and everything else keeps working as before.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Contract, OperationSpec, RouteMatch } from '../spec/index.js';
import { authenticate } from './auth/authenticate.js';
import type { Config } from './config.js';
import { validateCustomFields } from './contacts/custom-fields.js';
import { createIdMinter } from './contacts/ids.js';
import { type ContactModel, createContactModel } from './contacts/model.js';
import { createContactSerializer } from './contacts/serialize.js';
import { HANDLERS, type Handler } from './handlers/index.js';
import { searchTerms } from './handlers/read.js';
import { applyWrite, previewWrite, type WritePlan } from './handlers/write.js';
import { checkMediaType, readBody } from './http/body.js';
import { fromAjv } from './http/errors.js';
import { parseJson } from './http/json.js';
import { parseParams } from './http/params.js';
import { readRequest } from './http/request.js';
import { createFinalize, createRender, createRespond, JSON_TYPE, send } from './http/respond.js';
import { fingerprint } from './idempotency/fingerprint.js';
import type { ContactRow, ContactStore, IdempotencyRecords, IdempotencyScope, Storage } from './store/storage.js';
import type {
  ApiError,
  AuthResult,
  ContactRecord,
  HandlerResult,
  HttpResponse,
  OperationContext,
  Outcome,
  Page,
  RawRequest,
  RequestState,
  Workspace,
} from './types.js';
import type { WorkspaceRegistry } from './workspaces.js';

export interface IdempotencyParts extends IdempotencyRecords {
  /** The request's key, or undefined when the store is not used (no key; D7: a dry run). */
  keyOf(ctx: OperationContext): string | undefined;
  /** D8: workspace + method + path + key. */
  scopeOf(ctx: OperationContext, key: string): IdempotencyScope;
  fingerprintOf(ctx: OperationContext): string | Promise<string>;
  /** The stored response, replayed with `Idempotent-Replayed: true`. */
  replay(stored: { status: number; body: Buffer }): HttpResponse;
}

export interface Parts {
  readonly contract: Contract;
  readonly config: Config;
  /** Where contacts and idempotency records live; `store` and `idempotency` are its, as served. */
  readonly storage: Storage;
  readonly workspaces: WorkspaceRegistry;
  now(): number;
  newContactId(): string;
  // The request pipeline, in D9's order.
  readRequest(req: IncomingMessage): RawRequest;
  route(raw: RawRequest): RouteMatch;
  requiresAuth(operation: OperationSpec): boolean;
  authenticate(raw: RawRequest): AuthResult;
  checkMediaType(operation: OperationSpec, raw: RawRequest): ApiError | undefined;
  readBody(req: IncomingMessage, operation: OperationSpec): Promise<Outcome<Buffer>>;
  parseParams(
    operation: OperationSpec,
    raw: RawRequest,
    pathParams: Readonly<Record<string, string>>,
  ): Outcome<Map<string, unknown>>;
  parseJson(bytes: Buffer): Outcome<unknown>;
  validateBody(operation: OperationSpec, body: unknown): ApiError | undefined;
  isDryRun(params: ReadonlyMap<string, unknown>): boolean;
  // Operation rules.
  parsePaging(given: { limit?: unknown; offset?: unknown }): Page;
  validateCustomFields(
    workspace: Workspace,
    customFields: unknown,
    at: ReadonlyArray<string | number>,
  ): ApiError | undefined;
  searchTerms(q: string): string[] | undefined;
  /** `searchText` is what the store indexed when it was made; replacing it changes nothing stored. */
  contacts: Pick<ContactModel, 'build' | 'merge' | 'flatten' | 'maxExternalIds' | 'searchText'>;
  /** A page of stored contacts as the JSON array every read returns (D1). */
  serializeContacts(rows: readonly ContactRow[], flatten: ContactModel['flatten']): string;
  store: ContactStore;
  writes: {
    apply(plan: WritePlan, parts: Parts): Promise<ContactRecord>;
    preview(plan: WritePlan, parts: Parts): Promise<HandlerResult>;
  };
  idempotency: IdempotencyParts;
  handlers: Readonly<Record<string, Handler>>;
  // Responses.
  respond(result: HandlerResult): HttpResponse;
  render(error: ApiError): HttpResponse;
  finalize(state: RequestState, response: HttpResponse): HttpResponse;
  /** Writes the response to the socket. */
  send(res: ServerResponse, response: HttpResponse): void;
}

export interface PartsDeps {
  contract: Contract;
  config: Config;
  storage: Storage;
  workspaces: WorkspaceRegistry;
}

export function createParts({ contract, config, storage, workspaces }: PartsDeps): Parts {
  const model = createContactModel(contract);
  const { names } = contract;
  const defaults = { limit: contract.schemas.PageLimit?.default, offset: contract.schemas.PageOffset?.default };
  if (typeof defaults.limit !== 'number' || typeof defaults.offset !== 'number')
    throw new Error('spec: PageLimit/PageOffset lack defaults');
  const render = createRender(contract);

  return {
    contract,
    config,
    storage,
    workspaces,
    now: config.now,
    newContactId: createIdMinter(config.now),
    readRequest,
    route: (raw) => contract.match(raw.method, raw.path),
    requiresAuth: (operation) => operation.secured,
    authenticate: (raw) => authenticate(raw, workspaces.keys, contract.security),
    checkMediaType: (operation, raw) => (operation.body ? checkMediaType(operation.body, raw) : undefined),
    readBody: (req) => readBody(req, contract.limits.maxBodyBytes),
    parseParams,
    parseJson,
    validateBody: (operation, body) =>
      !operation.body || operation.body.validate(body) ? undefined : fromAjv(operation.body.validate.errors),
    isDryRun: (params) => params.get(names.query.dryRun) === true,
    // D2: the defaults are the schemas' own; bounds were checked by the validators.
    parsePaging: (given) => ({
      limit: typeof given.limit === 'number' ? given.limit : (defaults.limit as number),
      offset: typeof given.offset === 'number' ? given.offset : (defaults.offset as number),
    }),
    validateCustomFields,
    searchTerms,
    contacts: {
      build: model.build,
      merge: model.merge,
      flatten: model.flatten,
      maxExternalIds: model.maxExternalIds,
      searchText: model.searchText,
    },
    serializeContacts: createContactSerializer(),
    store: storage.contacts,
    writes: { apply: applyWrite, preview: previewWrite },
    idempotency: {
      lookup: storage.idempotency.lookup,
      claim: storage.idempotency.claim,
      save: storage.idempotency.save,
      purge: storage.idempotency.purge,
      keyOf: (ctx) =>
        ctx.dryRun ? undefined : (ctx.params.get(names.requestHeaders.idempotencyKey) as string | undefined),
      scopeOf: (ctx, key) => ({
        workspaceId: ctx.workspace?.workspaceId ?? '',
        method: ctx.raw.method,
        path: ctx.raw.path,
        key,
      }),
      fingerprintOf: (ctx) =>
        fingerprint({
          method: ctx.raw.method,
          path: ctx.raw.path,
          query: ctx.raw.query,
          ignoredParams: [contract.security.queryKeyName, names.query.dryRun],
          body: ctx.body,
        }),
      replay: (stored) => ({
        status: stored.status,
        headers: {
          'Content-Type': JSON_TYPE,
          [names.responseHeaders.idempotentReplayed]: names.headerValues.idempotentReplayed,
        },
        body: stored.body,
      }),
    },
    handlers: HANDLERS,
    respond: createRespond(render),
    render,
    finalize: createFinalize(contract),
    send,
  };
}
