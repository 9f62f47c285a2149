/**
 * The shapes every part of the reference server agrees on. Behaviour lives in
 * the parts record (`parts.ts`); these are only the data passed between them.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { NAMES, type OperationSpec } from '../spec/index.js';
import type { components } from '../spec/types.gen.js';

/** An error as data: the HTTP layer turns it into the envelope (D9). */
export interface ApiError {
  code: string;
  message: string;
  field?: string;
  /** Extra response headers (`Allow` on a 405, `Connection: close` after a cut-off body). */
  headers?: Record<string, string>;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** The request as it arrived, before routing. */
export interface RawRequest {
  method: string;
  /** The path without the query string, exactly as sent. */
  path: string;
  query: URLSearchParams;
  /** D14: names of query parameters whose value is not percent-encoded UTF-8 (`query` holds it decoded leniently). */
  malformedQuery?: ReadonlySet<string>;
  headers: IncomingHttpHeaders;
}

export interface CustomFieldDefinition {
  value: string;
  label: string;
  type?: 'string' | 'number' | 'boolean';
}

export interface WorkspaceUser {
  userId: string;
  firstName: string;
  lastName: string;
  emailAddress: string;
}

export interface Workspace {
  workspaceId: string;
  workspaceName: string;
  status: components['schemas']['Workspace']['status'];
  user: WorkspaceUser;
  customFields: CustomFieldDefinition[];
  activityTypes: components['schemas']['Workspace']['activityTypes'];
  /** Custom field type by slug (D5); a Map so no slug can collide with Object.prototype. */
  slugTypes: ReadonlyMap<string, 'string' | 'number' | 'boolean'>;
}

/** How the request presented its key (D10). */
export type KeySource = 'bearer' | 'query' | 'none';

export type AuthResult =
  | { kind: 'anonymous'; via: KeySource }
  | { kind: 'granted'; via: KeySource; workspace: Workspace }
  | { kind: 'denied'; via: KeySource };

/** What the response finalizer needs to know about a request, whatever became of it. */
export interface RequestState {
  raw: RawRequest;
  auth?: AuthResult;
}

/** A routed, authenticated and validated request, as handlers see it. */
export interface OperationContext {
  operation: OperationSpec;
  raw: RawRequest;
  workspace?: Workspace;
  /** Path, query and header parameters, coerced and validated, by name. */
  params: ReadonlyMap<string, unknown>;
  /** The parsed, schema-valid body (undefined for operations without one); handlers read it as the generated type of their operation's request. */
  body: unknown;
  /** D7: true for `?dryRun=true`. */
  dryRun: boolean;
}

/** A body to serialise, JSON text already serialised, or an error. */
export type HandlerResult = { status: number; body: unknown } | { status: number; json: string } | { error: ApiError };

export type CustomValue = string | number | boolean;

/** The stored form of a contact's fields (the JSON `doc` column), keyed by the contract's field names. */
export interface ContactDoc {
  [NAMES.fields.fullname]: string;
  [NAMES.fields.tags]: string[];
  [NAMES.fields.externalIds]: Record<string, string>;
  [NAMES.fields.customFields]: Record<string, CustomValue>;
  [field: string]: unknown;
}

/** A contact not yet stored: what a create would write (D7 dry run). */
export interface ContactDraft {
  workspaceId: string;
  createdBy: string | null;
  doc: ContactDoc;
}

export interface ContactRecord extends ContactDraft {
  /** The row id; absent until inserted. */
  id?: number;
  cdId: string;
  createdAt: string;
  updatedAt: string;
}

export interface Page {
  limit: number;
  offset: number;
}

/** One query condition (D3), as the spec's `QueryCondition` types it. */
export type Condition = components['schemas']['QueryCondition'];

/** D4: `terms` are word prefixes (letters and digits only); all must match. */
export interface SearchSpec {
  terms: string[];
  externalId?: string;
  externalSystem?: string;
}

export interface Logger {
  error(message: string, error?: unknown): void;
  info(message: string): void;
}
