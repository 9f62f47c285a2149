/**
 * The request pipeline, in D9's order: route (404/405), authentication (401),
 * media type and size (415/413), parameters, JSON and schema (422), the
 * operation's own rules (422), idempotency (409), then the operation, in
 * one transaction when it writes. Each
 * step is a part; a step that fails answers with its error, rendered in the
 * envelope. Anything thrown becomes a logged 500 and the server keeps serving.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Parts } from '../parts.js';
import type { Claim } from '../store/storage.js';
import type { HttpResponse, OperationContext, RequestState } from '../types.js';
import { apiError, CODES } from './errors.js';
import { redactUrl } from './redact.js';

export function createRequestListener(parts: Parts): RequestListener {
  return (req, res) => {
    void handle(parts, req, res);
  };
}

async function handle(parts: Parts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // A client that goes away mid-request must not take the process with it.
  req.on('error', () => {});
  res.on('error', () => {});
  let state: RequestState | undefined;
  let response: HttpResponse;
  try {
    state = { raw: parts.readRequest(req) };
    response = await pipeline(parts, req, state);
  } catch (error) {
    const url = redactUrl(req.url ?? '/', [parts.contract.security.queryKeyName]);
    parts.config.logger.error(`reference server: unexpected error on ${req.method} ${url}`, error);
    response = parts.render(apiError(CODES.internal, 'An unexpected error occurred.'));
  }
  try {
    parts.send(res, state ? parts.finalize(state, response) : response);
  } catch (error) {
    parts.config.logger.error('reference server: could not send a response', error);
    res.destroy();
  }
}

async function pipeline(parts: Parts, req: IncomingMessage, state: RequestState): Promise<HttpResponse> {
  const { raw } = state;
  const route = parts.route(raw);
  if (route.kind === 'not-found') return parts.render(apiError(CODES.notFound, 'No such route in this API.'));
  if (route.kind === 'method-not-allowed') {
    const allow = route.allow.join(', ');
    return parts.render({
      ...apiError(CODES.methodNotAllowed, `${raw.method} is not allowed here; use ${allow}.`),
      headers: { Allow: allow },
    });
  }
  const { operation } = route;

  // D10: the 401 body is the same whatever was wrong.
  state.auth = parts.requiresAuth(operation) ? parts.authenticate(raw) : { kind: 'anonymous', via: 'none' };
  if (state.auth.kind === 'denied') return parts.render(unauthorized(parts));

  let bytes: Buffer | undefined;
  if (operation.body) {
    const media = parts.checkMediaType(operation, raw);
    if (media) return parts.render(media);
    const read = await parts.readBody(req, operation);
    if (!read.ok) return parts.render(read.error);
    bytes = read.value;
  }

  const params = parts.parseParams(operation, raw, route.pathParams);
  if (!params.ok) return parts.render(params.error);
  let body: unknown;
  if (operation.body && bytes && (bytes.length > 0 || operation.body.required)) {
    const parsed = parts.parseJson(bytes);
    if (!parsed.ok) return parts.render(parsed.error);
    body = parsed.value;
    const invalid = parts.validateBody(operation, body);
    if (invalid) return parts.render(invalid);
  }

  const handler = parts.handlers[operation.id]!;
  const ctx: OperationContext = {
    operation,
    raw,
    workspace: state.auth.kind === 'granted' ? state.auth.workspace : undefined,
    params: params.value,
    body,
    dryRun: parts.isDryRun(params.value),
  };
  const broken = handler.validate?.(ctx, parts);
  if (broken) return parts.render(broken);

  const run = async () => parts.respond(await handler.run(ctx, parts));
  const { storage } = parts;
  const key = parts.idempotency.keyOf(ctx);
  const workspaceId = ctx.workspace?.workspaceId;
  if (key === undefined) return handler.writes && !ctx.dryRun ? storage.write(run, workspaceId) : storage.read(run);

  // D8: replay, conflict or execute once, storing only a 2xx with the write it reports.
  const idem = parts.idempotency;
  const scope = idem.scopeOf(ctx, key);
  const print = await idem.fingerprintOf(ctx);
  const header = parts.contract.names.requestHeaders.idempotencyKey;
  const refuse = (found: Exclude<Claim, { kind: 'claimed' }>) =>
    found.kind === 'replay'
      ? idem.replay(found)
      : found.kind === 'conflict'
        ? parts.render(conflict(header, `This ${header} was already used for a different request.`))
        : parts.render(conflict(header, `A request with this ${header} is still being processed.`));
  const found = await storage.read(() => idem.lookup(scope, print));
  if (found.kind !== 'miss') return refuse(found);
  return storage.write(async () => {
    // The key may have been taken, or its record completed, since the lookup.
    const claim = await idem.claim(scope, print);
    if (claim.kind !== 'claimed') return refuse(claim);
    const response = await run();
    if (response.status >= 200 && response.status < 300) await idem.save(scope, print, response);
    return response;
  }, workspaceId);
}

const unauthorizedMessages = new WeakMap<object, string>();

/** D10: the seed's exact 401 body, taken from the spec's own 401 example. */
function unauthorized(parts: Parts) {
  let message = unauthorizedMessages.get(parts.contract);
  if (message === undefined) {
    const examples = parts.contract.operations.flatMap((op) => op.responses.get('401')?.examples ?? []) as Array<{
      error?: { message?: unknown };
    }>;
    const found = examples.map((example) => example.error?.message).find((m) => typeof m === 'string');
    if (typeof found !== 'string') throw new Error('spec: no 401 example to take the message from');
    unauthorizedMessages.set(parts.contract, (message = found));
  }
  return apiError(CODES.unauthorized, message);
}

/** D8: a 409 names the key header as its field. */
const conflict = (header: string, message: string) => apiError(CODES.conflict, message, header);
