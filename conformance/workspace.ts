/**
 * Preflight: before any check runs, make sure the target is a ContactDrive v2
 * API that accepts the key(s), and read each key's workspace.
 */
import { TargetError, UsageError } from './errors.js';
import type { ApiClient, ApiResponse, WorkspaceInfo } from './types.js';

export interface PreflightResult {
  workspace: WorkspaceInfo;
  secondWorkspace?: WorkspaceInfo;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function answered(response: ApiResponse): string {
  if (response.error !== undefined) return response.error;
  const type = response.headers['content-type'] ?? 'no content type';
  const excerpt = response.text.replace(/\s+/g, ' ').slice(0, 80);
  return `${response.status} (${type})${excerpt ? `: ${excerpt}` : ''}`;
}

function describe(response: ApiResponse): string {
  return `${response.request.method} ${response.request.url.split('?')[0]}`;
}

/**
 * Fails fast when nothing HTTP answers. Whether the served document is right
 * is the `openapi-document` check's to report, not a reason to refuse the run:
 * the key's whoami and workspace decide whether this is a ContactDrive v2 API.
 */
async function checkReachable(client: ApiClient): Promise<void> {
  const response = await client.call('getOpenApiDocument', { auth: 'none' });
  if (response.status !== 0) return;
  // A parse error (llhttp's HPE_*): something answered, but not in HTTP.
  if (/^(HPE_|HTTPParserError)/.test(response.error ?? '')) {
    throw new TargetError('not-contactdrive', `not an HTTP server: ${describe(response)} got ${response.error}`);
  }
  throw new TargetError('unreachable', `cannot reach the target: ${describe(response)} failed: ${response.error}`);
}

async function readWorkspace(client: ApiClient, which: string, keyOption: string): Promise<WorkspaceInfo> {
  const whoami = await client.call('getWhoami');
  if (whoami.status === 401) {
    throw new TargetError('bad-key', `the target rejected ${which} (${keyOption}): ${describe(whoami)} answered 401`);
  }
  if (whoami.status !== 200 || !isObject(whoami.json) || typeof whoami.json.workspaceId !== 'string') {
    throw new TargetError('not-contactdrive', `not a ContactDrive v2 API: ${describe(whoami)} answered ${answered(whoami)}`);
  }
  const workspace = await client.call('getWorkspace');
  const body = workspace.json;
  if (workspace.status !== 200 || !isObject(body) || !Array.isArray(body.customFields)) {
    throw new TargetError(
      'not-contactdrive',
      `cannot read the workspace of ${which}: ${describe(workspace)} answered ${answered(workspace)}`,
    );
  }
  const customFields: WorkspaceInfo['customFields'] = [];
  for (const field of body.customFields) {
    if (!isObject(field) || typeof field.value !== 'string') continue;
    // `value` is the write path `customFields.<slug>` (DECISIONS.md D5).
    const slug = field.value.slice(field.value.indexOf('.') + 1);
    const type = field.type === 'number' || field.type === 'boolean' ? field.type : 'string';
    customFields.push({ slug, type });
  }
  return { workspaceId: typeof body.workspaceId === 'string' ? body.workspaceId : whoami.json.workspaceId, customFields };
}

export async function preflight(primary: ApiClient, secondary?: ApiClient): Promise<PreflightResult> {
  await checkReachable(primary);
  const workspace = await readWorkspace(primary, 'the API key', '--api-key');
  if (!secondary) return { workspace };
  const secondWorkspace = await readWorkspace(secondary, 'the second API key', '--api-key-2');
  if (secondWorkspace.workspaceId === workspace.workspaceId) {
    throw new UsageError(
      `--api-key-2 resolves to the same workspace as --api-key (${workspace.workspaceId}); give a key of another workspace`,
    );
  }
  return { workspace, secondWorkspace };
}
