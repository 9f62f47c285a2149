/**
 * The suite's only way to the target: an ApiClient over one undici Agent per
 * run. Operations are called by operationId; method and path come from the
 * contract. It never throws for what the target does: an HTTP error is a
 * status, and a refused or reset connection, a timeout or unparseable HTTP is
 * a response with `status` 0 and an `error` (or the status that arrived before
 * the body failed). It throws only for the suite's own faults: a call made
 * after the run was stopped (`RunStoppedError`), so an abandoned check cannot
 * spin, and a value no URL or header can carry (`UnsendableValueError`), found
 * before anything is sent. It sends no Accept-Encoding and decodes no content
 * coding: a body arrives as the target sent it.
 */
import { Agent, type Dispatcher } from 'undici';
import type { Contract, OperationSpec } from '../spec/index.js';
import type {
  ApiClient,
  ApiResponse,
  AuthMode,
  CallOptions,
  QueryValue,
  RecordedRequest,
  RecordedResponse,
  ResolvedConfig,
} from './types.js';

/** Bodies larger than this are cut off and the response marked truncated. */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;
/** How much of a body a RecordedResponse keeps for reports. */
export const RECORDED_BODY_CHARS = 4096;
/** How much of a body over the limit `text` keeps: nothing parses it, reports show its start. */
export const TRUNCATED_TEXT_BYTES = 16 * 1024;

/**
 * The start of a body as a string of its own. A plain `slice` would be a view
 * that keeps the whole body alive as long as the finding that records it.
 */
function excerpt(text: string): string {
  return text.length > RECORDED_BODY_CHARS
    ? Buffer.from(text.slice(0, RECORDED_BODY_CHARS), 'utf8').toString('utf8')
    : text;
}

/**
 * At most `size` requests in flight: a request waits here, before its time
 * limit starts, rather than in the pool's queue, where the wait would count
 * against it (checks that send more at once than there are connections would
 * otherwise time out on a correct but slower server).
 */
class Gate {
  private free: number;
  private readonly waiting: Array<() => void> = [];
  constructor(size: number) {
    this.free = size;
  }
  async enter(): Promise<() => void> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    };
  }
}

const gates = new WeakMap<Dispatcher, Gate>();

/** The run's connection pool: keep-alive, `concurrency` connections per origin. */
export function createDispatcher(config: Pick<ResolvedConfig, 'concurrency' | 'timeoutMs'>): Agent {
  const agent = newAgent(config);
  gates.set(agent, new Gate(config.concurrency));
  return agent;
}

function newAgent(config: Pick<ResolvedConfig, 'concurrency' | 'timeoutMs'>): Agent {
  return new Agent({
    connections: config.concurrency,
    pipelining: 1,
    keepAliveTimeout: 10_000,
    // A connection is reused only well inside the server's keep-alive hint: a request sent on a
    // socket the server is closing is reset, and reported as a dropped connection it would not be.
    // A loaded machine can delay the client's idle timer by seconds, so the margin is 4 s (undici: 2 s).
    keepAliveTimeoutThreshold: 4_000,
    connectTimeout: config.timeoutMs,
    headersTimeout: config.timeoutMs,
    bodyTimeout: config.timeoutMs,
  });
}

/** Thrown by calls made after the run was stopped (its time limit, or the target went down). */
export class RunStoppedError extends Error {
  override name = 'RunStoppedError';
  constructor() {
    super('the run was stopped; no more requests are sent');
  }
}

/**
 * A value the suite built that no URL or header can carry: a bug of the suite
 * (a generator or a check), never a finding about the target.
 */
export class UnsendableValueError extends Error {
  override name = 'UnsendableValueError';
  /** Where the value was to go: `query limit`, `path parameter contactId`, `header authorization`. */
  readonly where: string;
  constructor(where: string, problem: string, value: string) {
    const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
    super(
      `the suite generated a value that cannot be sent: ${where} ${problem}: ${shown}; this is a bug in the suite, not in the target`,
    );
    this.where = where;
  }
}

// UTF-8 has no encoding for a lone UTF-16 surrogate: encodeURIComponent throws URIError, a header cannot hold it.
const LONE_SURROGATE = /\p{Cs}/u;
// RFC 9110 §5.6.2 token; §5.5 field-vchar, obs-text, SP and HTAB (undici refuses anything else).
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const NOT_IN_HEADER_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

const codePoint = (char: string) => `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

function assertUrlSafe(where: string, value: string): void {
  const lone = LONE_SURROGATE.exec(value);
  if (lone)
    throw new UnsendableValueError(
      where,
      `holds a lone surrogate (${codePoint(lone[0])} at index ${lone.index})`,
      value,
    );
}

function assertHeaderSafe(name: string, value: string): void {
  if (!HEADER_NAME.test(name)) throw new UnsendableValueError('header name', 'is not an HTTP token', name);
  assertUrlSafe(`header ${name}`, value);
  const bad = NOT_IN_HEADER_VALUE.exec(value);
  if (!bad) return;
  const char = bad[0];
  const at = `at index ${bad.index}`;
  const problem =
    char === '\r' || char === '\n'
      ? `holds a CR or LF (${at})`
      : char.charCodeAt(0) > 0xff
        ? `holds ${codePoint(char)}, outside Latin-1 (${at})`
        : `holds the control character ${codePoint(char)} (${at})`;
  throw new UnsendableValueError(`header ${name}`, problem, value);
}

export type ExchangeListener = (response: ApiResponse, operation: OperationSpec | undefined) => void;

export interface ClientOptions {
  contract: Contract;
  config: Pick<ResolvedConfig, 'baseUrl' | 'timeoutMs'>;
  dispatcher: Dispatcher;
  /** The key used by the `bearer` and `query` auth modes. */
  apiKey: string;
  /** Aborts every request in flight and answers later calls at once (the run's deadline). */
  signal?: AbortSignal;
  /** Sees every response (the runner's hook for response checks and recording). */
  onExchange?: ExchangeListener;
  bodyLimitBytes?: number;
}

function queryPairs(query: CallOptions['query']): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    const values: QueryValue[] = Array.isArray(value) ? value : [value];
    for (const item of values) pairs.push([name, String(item)]);
  }
  return pairs;
}

function encodeQuery(pairs: Array<[string, string]>): string {
  for (const [name, value] of pairs) {
    assertUrlSafe('query parameter name', name);
    assertUrlSafe(`query ${name}`, value);
  }
  return pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`).join('&');
}

/** Fills a path template; each value is percent-encoded as one segment. */
export function fillPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`client: missing path parameter ${name} for ${template}`);
    assertUrlSafe(`path parameter ${name}`, value);
    return encodeURIComponent(value);
  });
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function recordBody(body: string | Buffer): Pick<RecordedRequest, 'body' | 'bodyEncoding'> {
  if (typeof body === 'string') return { body };
  try {
    return { body: utf8.decode(body) };
  } catch {
    return { body: body.toString('base64'), bodyEncoding: 'base64' };
  }
}

function describeError(error: unknown, timeoutMs: number, runSignal: AbortSignal | undefined): string {
  if (runSignal?.aborted) return 'aborted: the run was stopped';
  const e = error as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (
    e?.name === 'TimeoutError' ||
    e?.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    e?.code === 'UND_ERR_BODY_TIMEOUT' ||
    e?.code === 'UND_ERR_CONNECT_TIMEOUT'
  ) {
    return `timeout: no complete response within ${timeoutMs} ms`;
  }
  const code = e?.code ?? e?.cause?.code ?? e?.name ?? 'Error';
  const message = e?.message || e?.cause?.message || String(error);
  return `${code}: ${message}`;
}

/** The parts of a response the headlines below read. */
export interface ResponseFacts {
  status: number;
  error?: string | undefined;
  text?: string;
  headers?: Record<string, string>;
  request?: { headers: Record<string, string> };
}

/**
 * Why no complete response arrived, as a finding's headline (undefined when
 * one did). A body that failed after the status line was cut off or stalled:
 * its partial bytes are not the target's answer and must not be judged as one.
 */
export function incompleteResponse(response: ResponseFacts): string | undefined {
  const { status, error } = response;
  if (error === undefined) return undefined;
  if (error.startsWith('aborted')) return `the request was stopped before a complete response (${error})`;
  if (status === 0) return `no HTTP response arrived (${error})`;
  const received = Buffer.byteLength(response.text ?? '', 'utf8');
  const declared = response.headers?.['content-length'];
  const bytes = `${received}${declared !== undefined && /^\d+$/.test(declared) ? ` of ${declared}` : ''} bytes`;
  return error.startsWith('timeout')
    ? `the ${status} response stalled mid-body after ${bytes}: ${error}`
    : `the ${status} response was cut off mid-body after ${bytes}: ${error}`;
}

/**
 * The content coding of a response the request did not ask for, as
 * "gzip-encoded though the request did not ask for it (no Accept-Encoding)",
 * or undefined. The client decodes no coding, so such a body is unreadable.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-12.5.3
 */
export function unrequestedEncoding(response: ResponseFacts): string | undefined {
  const coding = response.headers?.['content-encoding']?.trim().toLowerCase();
  if (!coding || coding === 'identity') return undefined;
  const asked = response.request?.headers['accept-encoding'];
  const accepted = (asked ?? '').split(',').map((item) => item.split(';')[0]!.trim().toLowerCase());
  if (accepted.includes('*') || coding.split(/\s*,\s*/).every((c) => accepted.includes(c))) return undefined;
  return `${coding}-encoded though the request did not ask for it (${asked === undefined ? 'no Accept-Encoding' : `Accept-Encoding: ${asked}`})`;
}

/** Why a response's body cannot be judged at all, or undefined when it can. */
export function unreadableBody(response: ResponseFacts): string | undefined {
  const encoding = unrequestedEncoding(response);
  return (
    incompleteResponse(response) ??
    (encoding !== undefined ? `the ${response.status} response is ${encoding}` : undefined)
  );
}

interface Prepared {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/**
 * One request in flight. `abort` ends it with a reason, before undici has
 * started it (the reason waits) or after.
 */
interface InFlight {
  deadline: number;
  abort(reason: unknown): void;
}

/**
 * A client's requests in flight, for their time limit. They share one limit
 * and are added when sent, so the first is always the next to expire: one
 * timer, armed for it, replaces a timer per request.
 */
class Deadlines {
  private readonly live = new Set<InFlight>();
  private timer: NodeJS.Timeout | undefined;
  add(request: InFlight): void {
    this.live.add(request);
    if (this.timer === undefined) this.arm(request.deadline);
  }
  delete(request: InFlight): void {
    this.live.delete(request);
  }
  private arm(at: number): void {
    this.timer = setTimeout(() => this.expire(), Math.max(0, at - performance.now()));
    // The sockets of the requests keep the process alive, not their time limit.
    this.timer.unref();
  }
  private expire(): void {
    this.timer = undefined;
    const now = performance.now();
    for (const request of this.live) {
      // A timer may fire a fraction of a millisecond early: wait for the rest.
      if (request.deadline > now) return this.arm(request.deadline);
      this.live.delete(request);
      request.abort(new DOMException('request timed out', 'TimeoutError'));
    }
  }
}

/** Every request in flight under a run's stop signal, ended together by one listener when it fires. */
const inFlightByRun = new WeakMap<AbortSignal, Set<InFlight>>();

function inFlightOf(signal: AbortSignal): Set<InFlight> {
  let requests = inFlightByRun.get(signal);
  if (!requests) {
    const all = new Set<InFlight>();
    signal.addEventListener(
      'abort',
      () => {
        for (const request of all) request.abort(signal.reason);
        all.clear();
      },
      { once: true },
    );
    inFlightByRun.set(signal, (requests = all));
  }
  return requests;
}

interface Received {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  truncated: boolean;
  /** What ended the exchange before a complete response: undici's error, or the abort's reason. */
  failure?: unknown;
}

/**
 * Sends one request through undici's dispatch interface: the body's chunks
 * are kept as they arrive (no stream in between) and at most `limit` bytes of
 * them; a body over the limit keeps only its start and the connection is
 * dropped. Settles once, never rejects.
 */
function exchange(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  limit: number,
  deadline: number,
  track: (request: InFlight) => void,
): Promise<Received> {
  return new Promise((resolve) => {
    let status = 0;
    let headers: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    let controller: Dispatcher.DispatchController | undefined;
    let reason: unknown;
    const settle = (truncated: boolean, failure?: unknown) => {
      if (settled) return;
      settled = true;
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      resolve({ status, headers, body, truncated, ...(failure !== undefined ? { failure } : {}) });
    };
    const request: InFlight = {
      deadline,
      abort(why) {
        if (settled || reason !== undefined) return;
        reason = why ?? new DOMException('request aborted', 'AbortError');
        controller?.abort(reason as Error);
      },
    };
    track(request);
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(started) {
        controller = started;
        if (reason !== undefined) started.abort(reason as Error);
      },
      onResponseStart(_, statusCode, received) {
        // An informational (1xx) answer comes before the response.
        if (statusCode < 200) return;
        status = statusCode;
        headers = flattenHeaders(received);
      },
      onResponseData(current, chunk) {
        if (settled) return;
        if (size + chunk.length > limit) {
          // Nothing reads an oversized body but its start: keep that (a copy), drop the rest now.
          const head = Buffer.concat([...chunks, chunk], Math.min(limit, TRUNCATED_TEXT_BYTES));
          chunks.length = 0;
          chunks.push(head);
          size = head.length;
          settle(true);
          current.abort(new Error('the body is over the read limit'));
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      },
      onResponseEnd() {
        settle(false);
      },
      onResponseError(_, error) {
        // The abort's reason says what ended it (the time limit, the run's stop); undici reports an AbortError.
        settle(false, reason ?? error);
      },
    };
    try {
      dispatcher.dispatch(options, handler);
    } catch (error) {
      settle(false, error);
    }
  });
}

export function createApiClient(options: ClientOptions): ApiClient {
  const { contract, config, dispatcher, apiKey, signal: runSignal, onExchange } = options;
  const bodyLimit = options.bodyLimitBytes ?? BODY_LIMIT_BYTES;
  const deadlines = new Deadlines();
  const stoppable = runSignal ? inFlightOf(runSignal) : undefined;
  let requestCount = 0;

  function prepare(method: string, pathOrUrl: string, call: CallOptions): Prepared {
    const auth: AuthMode = call.auth ?? 'bearer';
    const pairs = queryPairs(call.query);
    if (auth === 'query') pairs.push([contract.security.queryKeyName, apiKey]);
    else if (typeof auth === 'object' && 'queryKey' in auth)
      pairs.push([contract.security.queryKeyName, auth.queryKey]);

    assertUrlSafe('path', pathOrUrl);
    let url = /^https?:\/\//i.test(pathOrUrl)
      ? pathOrUrl
      : `${config.baseUrl}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
    if (pairs.length > 0) url += `${url.includes('?') ? '&' : '?'}${encodeQuery(pairs)}`;

    const headers: Record<string, string> = {};
    if (auth === 'bearer') headers.authorization = `Bearer ${apiKey}`;
    else if (typeof auth === 'object' && 'authorization' in auth) headers.authorization = auth.authorization;

    let body: string | Buffer | undefined;
    if (call.raw) {
      body = call.raw.body;
      if (call.raw.contentType !== undefined) headers['content-type'] = call.raw.contentType;
    } else if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['content-type'] = 'application/json';
    }
    for (const [name, value] of Object.entries(call.headers ?? {})) headers[name.toLowerCase()] = value;
    for (const [name, value] of Object.entries(headers)) assertHeaderSafe(name, value);
    return { method: method.toUpperCase(), url, headers, ...(body !== undefined ? { body } : {}) };
  }

  async function send(prepared: Prepared, operation: OperationSpec | undefined): Promise<ApiResponse> {
    // A check still running after the run was stopped is abandoned: end its loop here.
    if (runSignal?.aborted) throw new RunStoppedError();
    const request: RecordedRequest = {
      method: prepared.method,
      url: prepared.url,
      headers: prepared.headers,
      ...(prepared.body !== undefined ? recordBody(prepared.body) : {}),
    };

    requestCount += 1;
    const leave = await gates.get(dispatcher)?.enter();
    if (runSignal?.aborted) {
      leave?.();
      throw new RunStoppedError();
    }
    const started = performance.now();
    // The time limit counts from here and covers the whole exchange: the dispatcher's headers and
    // body timeouts are idle times, and only this limit ends a body that drips.
    let inFlight: InFlight | undefined;
    let received: Received;
    try {
      const target = new URL(prepared.url);
      received = await exchange(
        dispatcher,
        {
          origin: target.origin,
          path: `${target.pathname}${target.search}`,
          method: prepared.method as Dispatcher.HttpMethod,
          headers: prepared.headers,
          body: prepared.body ?? null,
          headersTimeout: config.timeoutMs,
          bodyTimeout: config.timeoutMs,
        },
        bodyLimit,
        started + config.timeoutMs,
        (tracked) => {
          inFlight = tracked;
          deadlines.add(tracked);
          stoppable?.add(tracked);
        },
      );
    } catch (failure) {
      // A URL the parser refuses is answered like a failed exchange.
      received = { status: 0, headers: {}, body: Buffer.alloc(0), truncated: false, failure };
    } finally {
      if (inFlight) {
        deadlines.delete(inFlight);
        stoppable?.delete(inFlight);
      }
      leave?.();
    }

    const { status, headers, truncated } = received;
    const error = 'failure' in received ? describeError(received.failure, config.timeoutMs, runSignal) : undefined;
    const text = received.body.toString('utf8');
    let json: unknown;
    if (text !== '' && !truncated) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    const response: RecordedResponse = {
      status,
      headers,
      body: excerpt(text),
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...(error !== undefined ? { error } : {}),
      ...(truncated ? { truncated } : {}),
    };
    const result: ApiResponse = {
      status,
      headers,
      text,
      json,
      request,
      response,
      ...(error !== undefined ? { error } : {}),
      ...(truncated ? { truncated } : {}),
    };
    onExchange?.(result, operation);
    return result;
  }

  return {
    async call(operationId, call = {}) {
      const operation = contract.operation(operationId);
      return send(prepare(operation.method, fillPath(operation.path, call.pathParams), call), operation);
    },
    async raw(method, path, call = {}) {
      return send(prepare(method, path, call), undefined);
    },
    get requestCount() {
      return requestCount;
    },
  };
}
