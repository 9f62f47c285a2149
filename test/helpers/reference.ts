/** Starts the reference server in-process on port 0 for a test, closed at teardown. */
import { createReferenceServer, silentLogger, type ReferenceServerOptions } from '../../reference-server/index.js';
import type { Check, ConformanceReport } from '../../conformance/types.js';
import { runChecks, type RunCheckOptions } from './run-check.js';

export interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface Reference {
  url: string;
  apiKey: string;
  apiKey2: string;
  /** Runs checks against this server with both demo keys. */
  run(checks: Check[], options?: RunCheckOptions): Promise<ConformanceReport>;
}

export async function startReference(t: Teardown, options: ReferenceServerOptions = {}): Promise<Reference> {
  const server = await createReferenceServer({ port: 0, db: ':memory:', logger: silentLogger, ...options });
  t.teardown(() => server.close());
  const [first, second] = server.demoKeys;
  if (!first || !second) throw new Error('the reference fixtures need two workspaces');
  return {
    url: server.url,
    apiKey: first.apiKey,
    apiKey2: second.apiKey,
    run: (checks, runOptions = {}) =>
      runChecks(server.url, checks, { apiKey: first.apiKey, apiKey2: second.apiKey, ...runOptions }),
  };
}
