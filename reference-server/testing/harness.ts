/**
 * Test support: an in-process reference server on 127.0.0.1, port 0, and a
 * small HTTP client over undici. Keys come from the fixtures, never typed here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request, type Dispatcher } from 'undici';
import { DEFAULT_FIXTURES_DIR } from '../config.js';
import type { ReferenceServerOptions } from '../config.js';
import { createReferenceServer, type ReferenceServer } from '../server.js';
import type { Logger } from '../types.js';

const workspaces = JSON.parse(readFileSync(join(DEFAULT_FIXTURES_DIR, 'workspaces.json'), 'utf8')) as Array<{
  workspaceId: string;
  apiKey: string;
}>;
/** The first fixture workspace (the default caller) and the second (the "other" workspace). */
export const [HOME, OTHER] = workspaces as [(typeof workspaces)[0], (typeof workspaces)[0]];

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // Tests read replies by path and let a wrong shape fail the assertion: untyped on purpose.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reply read by path
  json: any;
}

export interface CallOptions {
  /** A JSON value to send (serialised), or raw bytes/text as they are. */
  body?: unknown;
  raw?: string | Buffer;
  headers?: Record<string, string>;
  /** The Bearer key; null sends no Authorization header. Default: HOME's key. */
  key?: string | null;
}

export interface TestServer {
  server: ReferenceServer;
  url: string;
  call(method: string, path: string, options?: CallOptions): Promise<Reply>;
  close(): Promise<void>;
}

export function recordingLogger(): Logger & { errors: unknown[] } {
  const errors: unknown[] = [];
  return { errors, error: (_message, error) => void errors.push(error), info: () => {} };
}

export async function startServer(options: ReferenceServerOptions = {}): Promise<TestServer> {
  const server = await createReferenceServer({ logger: recordingLogger(), ...options, port: 0, host: '127.0.0.1' });
  const call = async (method: string, path: string, o: CallOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = {};
    const key = o.key === undefined ? HOME.apiKey : o.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let body: string | Buffer | undefined = o.raw;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] = 'application/json';
    }
    const response = await request(`${server.url}${path}`, {
      method: method as Dispatcher.HttpMethod,
      headers: { ...headers, ...o.headers },
      body,
    });
    const text = await response.body.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.statusCode, headers: response.headers, text, json };
  };
  return { server, url: server.url, call, close: () => server.close() };
}

/** Creates a contact in HOME (or the key's workspace) and returns its id. */
export async function createContact(t: TestServer, contact: Record<string, unknown>, key?: string): Promise<string> {
  const reply = await t.call('POST', '/contacts', { body: { contact }, key });
  if (reply.status !== 201) throw new Error(`create failed: ${reply.status} ${reply.text}`);
  return reply.json.data.contactId;
}

/** Whether a reply matches what the spec declares for the operation: a listed status and its schema. */
export function conformsTo(server: ReferenceServer, operationId: string, reply: Reply): string | undefined {
  const operation = server.parts.contract.operation(operationId);
  const declared = operation.responses.get(String(reply.status));
  if (!declared) return `status ${reply.status} is not declared for ${operationId}`;
  if (declared.validate && !declared.validate(reply.json)) {
    return `${operationId} ${reply.status}: ${JSON.stringify(declared.validate.errors)} in ${reply.text.slice(0, 300)}`;
  }
  return undefined;
}
