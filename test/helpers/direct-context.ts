/**
 * Runs one check with a context of its own, without the runner's preflight:
 * for bugs the preflight would stop the run on (an OpenAPI document behind a
 * key), where the check must still say what is wrong.
 */
import { loadContract } from '../../spec/index.js';
import { createApiClient, createDispatcher } from '../../conformance/client.js';
import { resolveConfig } from '../../conformance/config.js';
import { createCheckContext } from '../../conformance/context.js';
import type { Check, Finding, WorkspaceInfo } from '../../conformance/types.js';

export async function runDirect(
  check: Check,
  baseUrl: string,
  apiKey: string,
  workspace: WorkspaceInfo = { workspaceId: 'unknown', customFields: [] },
): Promise<Finding[]> {
  const { config } = resolveConfig({ baseUrl, apiKey, seed: 3, runs: 5 });
  const contract = await loadContract();
  const dispatcher = createDispatcher(config);
  const run = createCheckContext({
    check,
    config,
    contract,
    workspace,
    secrets: [],
    makeClient: (key, onExchange) => createApiClient({ contract, config, dispatcher, apiKey: key, onExchange }),
    reproduce: '',
  });
  try {
    await check.run(run.ctx);
    return run.sink.findings;
  } finally {
    run.close();
    await dispatcher.destroy();
  }
}
