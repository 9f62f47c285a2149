/**
 * createReferenceServer: loads the contract once, checks every operation has a
 * handler and every query op an operator, opens the database, loads the
 * fixtures, applies any faults and listens. Anything wrong with the spec, the
 * fixtures or the options stops start-up with a message naming it.
 */
import { createServer, type Server, type ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadContract } from '../spec/index.js';
import { type Config, type ReferenceServerOptions, resolveConfig } from './config.js';
import { createContactModel } from './contacts/model.js';
import { applyFaults, resolveFaults } from './faults/index.js';
import { loadFixtureContacts } from './fixtures.js';
import { checkHandlers, HANDLERS } from './handlers/index.js';
import { createRequestListener } from './http/app.js';
import { createParts, type Parts } from './parts.js';
import { describeDb } from './store/database-url.js';
import { openStorage } from './store/open.js';
import { checkQueryOps } from './store/query-model.js';
import { loadWorkspaces } from './workspaces.js';

export interface ReferenceServer {
  server: Server;
  /** The base URL, e.g. `http://127.0.0.1:4010/api/v2`. */
  url: string;
  /** Where contacts are kept, as it may be shown (no password). */
  store: string;
  config: Config;
  /** The fixtures' API keys, by workspace. */
  demoKeys: Array<{ workspaceId: string; apiKey: string }>;
  /** The parts as served (faults applied). */
  parts: Parts;
  close(): Promise<void>;
}

/** How long close() lets requests in progress finish before cutting their connections. */
const CLOSE_GRACE_MS = 2000;

/**
 * D15: explicit timeouts. Node checks the headers and request deadlines only
 * every `connectionsCheckingInterval` (30 s by default), so the interval is a
 * fraction of the shorter deadline: a client is cut close to its deadline.
 */
function serverOptions(config: Config): ServerOptions {
  const shorter = Math.min(config.headersTimeoutMs, config.requestTimeoutMs);
  return {
    headersTimeout: config.headersTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(shorter / 10))),
  };
}

export async function createReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const config = resolveConfig(options);
  const faults = resolveFaults(config.faults, config.faultCatalogue);
  const contract = await loadContract(config.specPath);
  checkHandlers(contract, HANDLERS);
  const model = createContactModel(contract);
  const { registry, demoKeys } = loadWorkspaces(
    join(config.fixturesDir, 'workspaces.json'),
    contract,
    model.readFields,
  );

  const storage = await openStorage(config.db, {
    now: config.now,
    retentionSeconds: contract.limits.idempotencyRetentionSeconds,
    searchText: model.searchText,
    listOrder: contract.listOrder,
  });
  let parts: Parts;
  try {
    checkQueryOps(contract, storage.queryOps);
    const correct = createParts({ contract, config, storage, workspaces: registry });
    if (config.loadContacts) await loadFixtureContacts(join(config.fixturesDir, 'contacts.json'), correct);
    parts = await applyFaults(correct, faults);
    checkHandlers(contract, parts.handlers);
  } catch (error) {
    await storage.close();
    throw error;
  }

  const server = createServer(serverOptions(config), createRequestListener(parts));
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await storage.close();
    throw error;
  }

  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let closing: Promise<void> | undefined;
  return {
    server,
    url: `http://${host}:${port}${contract.basePath}`,
    store: describeDb(config.db),
    config,
    demoKeys,
    parts,
    close() {
      closing ??= new Promise<void>((resolve) => {
        const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(cut);
          void storage.close().then(resolve, (error: unknown) => {
            config.logger.error('reference server: could not close the store', error);
            resolve();
          });
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
