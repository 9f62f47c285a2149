/**
 * Preflight: before any check runs, make sure the target is a ContactDrive v2
 * API that accepts the key(s), and read each key's workspace.
 *
 * Only a target that cannot be tested at all stops the run (exit 2): nothing
 * answers, it is not HTTP, `whoami` is not a JSON answer of this API, or a key
 * is rejected. A `whoami` or `workspace` answer that breaks the contract is a
 * finding of the `preflight` check; the run goes on, and a check that needs
 * what could not be read is skipped with the reason (`PreflightGapError`).
 */
import type { Contract } from '../spec/index.js';
import { errorSegments, formatField, primaryError } from '../spec/index.js';
import { unreadableBody } from './client.js';
import { PreflightGapError, TargetError, UsageError } from './errors.js';
import { createFindingSink, type FindingSink } from './findings.js';
import type { Secret } from './redact.js';
import type { ApiClient, ApiResponse, Finding, WorkspaceInfo } from './types.js';

/** The id the preflight's findings are reported under. */
export const PREFLIGHT = 'preflight';

export interface PreflightResult {
  workspace: WorkspaceInfo;
  secondWorkspace?: WorkspaceInfo;
  /** Answers that break the contract; empty when the preflight found nothing wrong. */
  findings: Finding[];
}

export interface PreflightSetup {
  contract: Contract;
  seed: number;
  secrets: readonly Secret[];
  reproduce: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function answered(response: ApiResponse): string {
  if (response.error !== undefined) return response.error;
  // A compressed or cut-off body is named, not printed.
  const unreadable = unreadableBody(response);
  if (unreadable !== undefined) return unreadable;
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

/** Why `response` is not the operation's documented 200, or undefined. */
function contractProblem(contract: Contract, operationId: string, response: ApiResponse): string | undefined {
  if (response.error !== undefined) return `got no complete answer: ${response.error}`;
  if (response.status !== 200) return `answered ${answered(response)}, expected 200`;
  if (response.json === undefined) return `answered 200 with a body that is not JSON: ${answered(response)}`;
  const validate = contract.operation(operationId).responses.get('200')?.validate;
  if (validate && !validate(response.json)) {
    const error = primaryError(validate.errors ?? []);
    const where = error ? formatField(errorSegments(error)) : 'body';
    return `answered 200 with a body that breaks the contract at ${where}: ${error?.message ?? 'invalid'}`;
  }
  return undefined;
}

/** A value the checks may not read: reading it skips the check with the reason. */
function gap<T>(part: string, reason: string): T {
  throw new PreflightGapError(part, reason);
}

function customFieldsOf(body: unknown, prefix: string): WorkspaceInfo['customFields'] | undefined {
  if (!isObject(body) || !Array.isArray(body.customFields)) return undefined;
  const customFields: WorkspaceInfo['customFields'] = [];
  for (const field of body.customFields) {
    if (!isObject(field) || typeof field.value !== 'string') return undefined;
    // `value` is the query field `customFields.<slug>` (DECISIONS.md D3, D5); one without the prefix is
    // already a preflight finding, and is taken as the slug itself.
    const slug = field.value.startsWith(prefix) ? field.value.slice(prefix.length) : field.value;
    const type = field.type === 'number' || field.type === 'boolean' ? field.type : 'string';
    customFields.push({ slug, type });
  }
  return customFields;
}

async function readWorkspace(
  client: ApiClient,
  which: string,
  keyOption: string,
  contract: Contract,
  sink: FindingSink,
): Promise<WorkspaceInfo> {
  const whoami = await client.call('getWhoami');
  if (whoami.status === 401) {
    throw new TargetError('bad-key', `the target rejected ${which} (${keyOption}): ${describe(whoami)} answered 401`);
  }
  // Anything but a JSON object (an HTML page, a 404 of another server) says this is not the API at all.
  if (!isObject(whoami.json)) {
    throw new TargetError(
      'not-contactdrive',
      `not a ContactDrive v2 API: ${describe(whoami)} answered ${answered(whoami)}`,
    );
  }
  const report = (operation: string, response: ApiResponse, problem: string) =>
    sink.add({
      severity: 'error',
      operation,
      key: `${PREFLIGHT}:${operation}:${keyOption}`,
      message: `${describe(response)} with ${which} ${problem}`,
      request: response.request,
      response: response.response,
    });
  const whoamiProblem = contractProblem(contract, 'getWhoami', whoami);
  if (whoamiProblem) report('getWhoami', whoami, whoamiProblem);

  const workspace = await client.call('getWorkspace');
  const workspaceProblem = contractProblem(contract, 'getWorkspace', workspace);
  if (workspaceProblem) report('getWorkspace', workspace, workspaceProblem);

  const body = isObject(workspace.json) ? workspace.json : {};
  const id = [whoami.json.workspaceId, body.workspaceId].find((v): v is string => typeof v === 'string' && v !== '');
  const fields = customFieldsOf(workspace.json, contract.names.customFieldPrefix);
  const info = {} as WorkspaceInfo;
  Object.defineProperty(info, 'workspaceId', {
    enumerable: true,
    get: () => id ?? gap(`the workspace id of ${which}`, whoamiProblem ?? workspaceProblem ?? 'not given'),
  });
  Object.defineProperty(info, 'customFields', {
    enumerable: true,
    get: () =>
      fields ??
      gap(
        `the custom fields of ${which}'s workspace`,
        `${describe(workspace)} ${workspaceProblem ?? 'did not list them'}`,
      ),
  });
  return info;
}

export async function preflight(
  primary: ApiClient,
  secondary: ApiClient | undefined,
  setup: PreflightSetup,
): Promise<PreflightResult> {
  const sink = createFindingSink({
    check: PREFLIGHT,
    seed: setup.seed,
    secrets: setup.secrets,
    reproduce: setup.reproduce,
    operationIds: setup.contract.operations.map((op) => op.id),
  });
  await checkReachable(primary);
  const workspace = await readWorkspace(primary, 'the API key', '--api-key', setup.contract, sink);
  if (!secondary) return { workspace, findings: sink.findings };
  const secondWorkspace = await readWorkspace(secondary, 'the second API key', '--api-key-2', setup.contract, sink);
  const known = (info: WorkspaceInfo) => {
    try {
      return info.workspaceId;
    } catch {
      return undefined;
    }
  };
  const [first, second] = [known(workspace), known(secondWorkspace)];
  if (first !== undefined && first === second) {
    throw new UsageError(
      `--api-key-2 resolves to the same workspace as --api-key (${first}); give a key of another workspace`,
    );
  }
  return { workspace, secondWorkspace, findings: sink.findings };
}
