/** One handler per operation, found by operationId in the handler table. */
import { apiError, CODES } from '../http/errors.js';
import type { Parts } from '../parts.js';
import type { ApiError, HandlerResult, OperationContext, Workspace } from '../types.js';

export interface Handler {
  /** True when the operation writes: it runs in one durable transaction (`storage.write`). */
  writes: boolean;
  /** D9: the operation's own 422 rules, checked after the schema and before idempotency. */
  validate?(ctx: OperationContext, parts: Parts): ApiError | undefined;
  run(ctx: OperationContext, parts: Parts): Promise<HandlerResult>;
}

export const ok = (status: number, body: unknown): HandlerResult => ({ status, body });

export const notFound = (message: string): HandlerResult => ({ error: apiError(CODES.notFound, message) });

/** The key's workspace; secured operations always have one by the time they run. */
export function workspaceOf(ctx: OperationContext): Workspace {
  if (!ctx.workspace) throw new Error(`${ctx.operation.id}: ran without a workspace`);
  return ctx.workspace;
}

/** The operation's one path parameter (`/contacts/{contactId}`), by the name its template gives it. */
export function pathParam(ctx: OperationContext): string {
  const param = ctx.operation.parameters.find((p) => p.in === 'path');
  if (!param) throw new Error(`${ctx.operation.id}: has no path parameter`);
  return ctx.params.get(param.name) as string;
}
