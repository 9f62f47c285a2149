/**
 * D9: the request body's media type (415) and size (413). The size is checked
 * against `x-limits.maxBodyBytes` from the declared length and again while
 * reading; past the limit the body is no longer kept and the connection closes
 * after the response.
 */
import type { IncomingMessage } from 'node:http';
import { type RequestBodySpec, WHOLE_BODY } from '../../spec/index.js';
import type { ApiError, Outcome, RawRequest } from '../types.js';
import { apiError, CODES } from './errors.js';

const CONTENT_TYPE = 'Content-Type';

/** `application/json` with any parameters; a `+json` suffix type also counts as JSON. */
export function checkMediaType(body: RequestBodySpec, raw: RawRequest): ApiError | undefined {
  const given = raw.headers['content-type'];
  const hasBody = raw.headers['transfer-encoding'] !== undefined || Number(raw.headers['content-length'] ?? 0) > 0;
  if (given === undefined && !hasBody) return undefined; // nothing sent: the body check says `body`
  const essence = (given ?? '').split(';')[0]!.trim().toLowerCase();
  const [type, subtype] = body.mediaType.toLowerCase().split('/');
  if (essence === body.mediaType.toLowerCase()) return undefined;
  if (subtype === 'json' && essence.startsWith(`${type}/`) && essence.endsWith('+json')) return undefined;
  return apiError(CODES.mediaType, `Send the request body as ${body.mediaType}.`, CONTENT_TYPE);
}

/**
 * A refused body is read to its end and dropped before the 413 leaves, so the answer reaches a
 * client (or a proxy) that is still sending: closing a socket with unread input resets it, and a
 * reset can destroy the 413 before it is read. Past `cap` bytes the connection is closed instead.
 */
function tooLarge(limit: number, close: boolean): ApiError {
  return {
    ...apiError(CODES.tooLarge, `The request body exceeds ${limit} bytes.`, WHOLE_BODY),
    ...(close ? { headers: { Connection: 'close' } } : {}),
  };
}

/** Reads and drops the rest of a refused body: resolves true at its end, false past `cap` bytes (then the socket is cut). */
function drain(req: IncomingMessage, cap: number, seen = 0): Promise<boolean> {
  return new Promise((resolve) => {
    req.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen <= cap) return;
      resolve(false);
      req.socket.destroy();
    });
    req.on('end', () => resolve(true));
    req.on('close', () => resolve(false));
    req.resume();
  });
}

export function readBody(req: IncomingMessage, limit: number): Promise<Outcome<Buffer>> {
  const cap = limit * 16;
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    if (declared > cap) {
      void drain(req, cap);
      return Promise.resolve({ ok: false, error: tooLarge(limit, true) });
    }
    return drain(req, cap).then((ended) => ({ ok: false, error: tooLarge(limit, !ended) }));
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: Outcome<Buffer>) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(outcome);
    };
    let refused = false;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      chunks.length = 0;
      refused = true;
      req.off('data', onData);
      void drain(req, cap, size).then((ended) => settle({ ok: false, error: tooLarge(limit, !ended) }));
    };
    req.on('data', onData);
    req.on('end', () => {
      if (!refused) settle({ ok: true, value: Buffer.concat(chunks, size) });
    });
    // A client that resets mid-body gets no answer; the promise still settles (a refused body's
    // drain settles it instead).
    const cutOff = () => {
      if (refused) return;
      settle({
        ok: false,
        error: {
          ...apiError(CODES.validation, 'The request body was cut off.', WHOLE_BODY),
          headers: { Connection: 'close' },
        },
      });
    };
    req.on('error', cutOff);
    req.on('close', cutOff);
  });
}
