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

function tooLarge(limit: number): ApiError {
  return {
    ...apiError(CODES.tooLarge, `The request body exceeds ${limit} bytes.`, WHOLE_BODY),
    headers: { Connection: 'close' },
  };
}

/** Reads and discards what is left of a body that was refused, up to a cap, then drops the connection. */
function discard(req: IncomingMessage, cap: number): void {
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > cap) req.socket.destroy();
  });
  req.resume();
}

export function readBody(req: IncomingMessage, limit: number): Promise<Outcome<Buffer>> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    discard(req, limit * 16);
    return Promise.resolve({ ok: false, error: tooLarge(limit) });
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
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      chunks.length = 0;
      settle({ ok: false, error: tooLarge(limit) });
      discard(req, limit * 16);
    };
    req.on('data', onData);
    req.on('end', () => settle({ ok: true, value: Buffer.concat(chunks, size) }));
    // A client that resets mid-body gets no answer; the promise still settles.
    req.on('error', () =>
      settle({
        ok: false,
        error: {
          ...apiError(CODES.validation, 'The request body was cut off.', WHOLE_BODY),
          headers: { Connection: 'close' },
        },
      }),
    );
    req.on('close', () =>
      settle({
        ok: false,
        error: {
          ...apiError(CODES.validation, 'The request body was cut off.', WHOLE_BODY),
          headers: { Connection: 'close' },
        },
      }),
    );
  });
}
