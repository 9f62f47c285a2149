/**
 * A tiny stand-in target for the framework's own tests: it serves the
 * contract's document and answers whoami/workspace for a few keys, so the
 * runner, reporters and CLI can be tested without the real checks or server.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadContract } from '../../spec/index.js';

export interface FakeTarget {
  url: string;
  /** Requests received, as `METHOD /path?query`. */
  requests: string[];
  close(): Promise<void>;
}

export interface FakeTargetOptions {
  /** API key → workspace id. */
  keys?: Record<string, string>;
  /** Answers a request first; return true when it did. */
  handle?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
}

export const FAKE_KEY = 'cd_fake_primary_key_000111';
export const FAKE_KEY_2 = 'cd_fake_second_key_222333';

export async function startFakeTarget(options: FakeTargetOptions = {}): Promise<FakeTarget> {
  const contract = await loadContract();
  const keys = options.keys ?? { [FAKE_KEY]: 'ws-one', [FAKE_KEY_2]: 'ws-two' };
  const route = (id: string) => `${contract.basePath}${contract.operation(id).path}`;
  const requests: string[] = [];
  const codeFor = (status: number) => Object.entries(contract.errorStatus).find(([, s]) => s === status)![0];
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      if (options.handle?.(req, res)) return;
      const path = (req.url ?? '/').split('?')[0];
      if (path === route('getOpenApiDocument')) return send(res, 200, contract.document);
      const key = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const workspaceId = key ? keys[key] : undefined;
      if (!workspaceId)
        return send(res, 401, { error: { code: codeFor(401), message: 'A valid API key is required.' } });
      if (path === route('getWhoami')) {
        return send(res, 200, {
          userId: 'u1',
          firstName: 'A',
          lastName: 'B',
          emailAddress: 'a@b.example',
          workspaceId,
          workspaceName: workspaceId,
        });
      }
      if (path === route('getWorkspace')) {
        return send(res, 200, {
          workspaceId,
          workspaceName: workspaceId,
          status: 'active',
          customFields: [
            { value: 'customFields.level', label: 'Level', type: 'number' },
            { value: 'customFields.note', label: 'Note' },
          ],
          activityTypes: [],
        });
      }
      if (path === route('listContacts')) return send(res, 200, []);
      send(res, 404, { error: { code: codeFor(404), message: 'Not found.' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${contract.basePath}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
