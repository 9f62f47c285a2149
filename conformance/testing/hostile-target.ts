/**
 * A target that misbehaves at the transport level, for the suite's robustness
 * tests: it answers the preflight (document, whoami, workspace) like the fake
 * target, and every other request with one hostile behaviour. A request to
 * `<base>/hostile/<behaviour>` meets that behaviour whatever the target's own.
 */
import type http from 'node:http';
import zlib from 'node:zlib';
import { loadContract } from '../../spec/index.js';
import { startFakeTarget, type FakeTarget } from './fake-target.js';

export const HOSTILE_BEHAVIOURS = [
  /** The status line and headers, the start of a body, then nothing. */
  'stall-body',
  /** The start of a body, then the connection is reset. */
  'cut-body',
  /** A Content-Length longer than the body, then the connection is closed. */
  'short-body',
  /** The fake target's answer, gzip-encoded though nobody asked for it. */
  'gzip',
  /** A body that never ends, as fast as the client reads. */
  'endless',
  /** A 500 MB body with its Content-Length, as fast as the client reads. */
  'huge',
  /** A body that never ends, one byte at a time, each well within any time limit. */
  'drip',
] as const;
export type HostileBehaviour = (typeof HOSTILE_BEHAVIOURS)[number];

export interface HostileTargetOptions {
  /** What every request outside the preflight meets; none by default (only `/hostile/<behaviour>` paths misbehave). */
  behaviour?: HostileBehaviour;
  /** The status sent before misbehaving (200 by default). */
  status?: number;
  /** Milliseconds between the bytes of `drip` (50 by default). */
  dripMs?: number;
}

export interface HostileTarget extends FakeTarget {
  /** Body bytes written by the hostile behaviours so far. */
  readonly bytesSent: number;
}

export const HUGE_BODY_BYTES = 500 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x20);

/** Writes `total` bytes (or forever), waiting for the client to read, until the connection goes. */
function pump(res: http.ServerResponse, total: number, sent: (n: number) => void): void {
  let left = total;
  const write = () => {
    while (left > 0 && !res.destroyed) {
      const chunk = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
      left -= chunk.length;
      sent(chunk.length);
      if (!res.write(chunk)) return;
    }
    if (left <= 0) res.end();
  };
  res.on('drain', write);
  write();
}

export async function startHostileTarget(options: HostileTargetOptions = {}): Promise<HostileTarget> {
  const contract = await loadContract();
  const preflight = new Set(
    ['getOpenApiDocument', 'getWhoami', 'getWorkspace'].map(
      (id) => `${contract.basePath}${contract.operation(id).path}`,
    ),
  );
  const status = options.status ?? 200;
  const dripMs = options.dripMs ?? 50;
  let bytesSent = 0;
  const sent = (n: number) => {
    bytesSent += n;
  };

  const misbehave = (behaviour: HostileBehaviour, req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    const start = Buffer.from('{"data":[{"contactId":');
    switch (behaviour) {
      case 'stall-body':
        res.writeHead(status, { 'content-type': 'application/json' });
        res.write(start);
        sent(start.length);
        return true;
      case 'cut-body':
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(start.length * 4) });
        res.write(start);
        sent(start.length);
        setTimeout(() => req.socket.resetAndDestroy(), 10);
        return true;
      case 'short-body':
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(start.length * 4) });
        res.write(start, () => req.socket.end());
        sent(start.length);
        return true;
      case 'gzip': {
        // Let the fake target answer, and encode what it writes.
        const writeHead = res.writeHead.bind(res) as (
          code: number,
          headers: http.OutgoingHttpHeaders,
        ) => http.ServerResponse;
        const end = res.end.bind(res) as (body: string) => http.ServerResponse;
        (res as { writeHead: unknown }).writeHead = (code: number, headers: http.OutgoingHttpHeaders = {}) =>
          writeHead(code, { ...headers, 'content-encoding': 'gzip' });
        (res as { end: unknown }).end = (body: string) => {
          const coded = zlib.gzipSync(body);
          sent(coded.length);
          return end(coded as unknown as string);
        };
        return false;
      }
      case 'endless':
        res.writeHead(status, { 'content-type': 'application/json' });
        pump(res, Infinity, sent);
        return true;
      case 'huge':
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(HUGE_BODY_BYTES) });
        pump(res, HUGE_BODY_BYTES, sent);
        return true;
      case 'drip': {
        res.writeHead(status, { 'content-type': 'application/json' });
        const timer = setInterval(() => {
          res.write(' ');
          sent(1);
        }, dripMs);
        res.on('close', () => clearInterval(timer));
        return true;
      }
    }
  };

  const target = await startFakeTarget({
    handle: (req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      const named = /\/hostile\/([a-z-]+)$/.exec(path)?.[1] as HostileBehaviour | undefined;
      if (named !== undefined && HOSTILE_BEHAVIOURS.includes(named)) return misbehave(named, req, res);
      if (options.behaviour === undefined || preflight.has(path)) return false;
      return misbehave(options.behaviour, req, res);
    },
  });
  return {
    ...target,
    get bytesSent() {
      return bytesSent;
    },
  };
}
