/**
 * The target side of a model run: the clients of both workspaces, the
 * sequence's own namespace (a marker tag every contact carries, a prefix for
 * external IDs, so a sequence never meets another's data), and the log of
 * every request the sequence's commands sent, which becomes the replayable
 * script of a finding.
 */
import { NAMES, type Contract } from '../../spec/index.js';
import { toCurl } from '../curl.js';
import { runSecrets } from '../redact.js';
import type { ApiClient, ApiResponse, CallOptions, CheckContext, WorkspaceInfo } from '../types.js';
import { uniqueWord } from '../support/contacts.js';
import { CUSTOM_VALUES, type Draft } from './data.js';
import { createProber, type Prober } from './probes.js';
import type { Flat, Space, Step } from './world.js';

export interface Exchange {
  step: Step;
  /** True for the command's own requests, false for the reads that compare the target with the model. */
  command: boolean;
  response: ApiResponse;
}

export interface Real {
  ctx: CheckContext;
  contract: Contract;
  spaces: Space[];
  client(space: Space): ApiClient;
  workspace(space: Space): WorkspaceInfo;
  /** The tag every contact of this sequence carries (one word, so search can narrow by it too). */
  marker: string;
  /** Makes external IDs of this sequence unique to it; a symbol `A` becomes `<prefix>A`. */
  idPrefix: string;
  log: Exchange[];
  /** The narrowed reads asked in each workspace. */
  probers: Record<Space, Prober>;
  /** The step being run. */
  step: Step;
  send(space: Space, operationId: string, options: CallOptions, command?: boolean): Promise<ApiResponse>;
}

export function createReal(ctx: CheckContext, spaces: Space[]): Real {
  const real: Real = {
    ctx,
    contract: ctx.contract,
    spaces,
    client: (space) => (space === 'second' ? ctx.secondClient! : ctx.client),
    workspace: (space) => (space === 'second' ? ctx.secondWorkspace! : ctx.workspace),
    marker: uniqueWord(ctx, 'mdl'),
    idPrefix: `${uniqueWord(ctx, 'x')}-`,
    log: [],
    probers: {} as Record<Space, Prober>,
    step: { n: 0, label: 'setup' },
    async send(space, operationId, options, command = true) {
      const response = await real.client(space).call(operationId, options);
      real.log.push({ step: real.step, command, response });
      return response;
    },
  };
  const hidden = [ctx.config.runTag, real.marker];
  real.probers.first = createProber(ctx, ctx.workspace, ctx.secondWorkspace, hidden);
  if (ctx.secondWorkspace) real.probers.second = createProber(ctx, ctx.secondWorkspace, ctx.workspace, hidden);
  return real;
}

/** The contact body a symbolic draft stands for in `space`: run tag and marker added, IDs and slugs resolved. */
/** A forged value for a system-managed field, of the kind a client might echo back from a read. */
const forged = (field: string): string => (/At$/.test(field) ? '2000-01-01T00:00:00.000Z' : `forged-${field}`);

export function resolveDraft(
  real: Real,
  space: Space,
  draft: Pick<Draft, 'fields' | 'ext' | 'custom'> & { tags?: string[]; system?: number },
): Flat {
  const body: Flat = { ...draft.fields };
  if (draft.system !== undefined) {
    const field = real.contract.systemManaged[draft.system % real.contract.systemManaged.length]!;
    body[field] = forged(field);
  }
  const { tags, externalIds, customFields } = NAMES.fields;
  if (draft.tags) body[tags] = [real.ctx.config.runTag, real.marker, ...draft.tags];
  if (Object.keys(draft.ext).length > 0) {
    body[externalIds] = Object.fromEntries(
      Object.entries(draft.ext).map(([system, symbol]) => [system, `${real.idPrefix}${symbol}`]),
    );
  }
  const defined = real.workspace(space).customFields;
  const custom: Flat = {};
  for (const [slot, value] of draft.custom) {
    const field = defined[slot % Math.max(1, defined.length)];
    if (!field) continue;
    const values = CUSTOM_VALUES[field.type] as readonly unknown[];
    custom[field.slug] = values[value % values.length];
  }
  if (Object.keys(custom).length > 0) body[customFields] = custom;
  return body;
}

/** A short, readable body for `toString()`: the draft as it will be sent, IDs still symbolic. */
export function showDraft(
  draft: Pick<Draft, 'fields' | 'ext' | 'custom'> & { tags?: string[]; system?: number },
): string {
  const shown: Flat = { ...draft.fields };
  const { tags, externalIds, customFields } = NAMES.fields;
  if (draft.tags) shown[tags] = ['$RUN_TAG', ...draft.tags];
  if (Object.keys(draft.ext).length > 0)
    shown[externalIds] = Object.fromEntries(Object.entries(draft.ext).map(([s, v]) => [s, `$ID_${v}`]));
  if (draft.custom.length > 0) shown[customFields] = draft.custom.map(([slot, value]) => `#${slot}=${value}`).join(',');
  if (draft.system !== undefined) shown['<system-managed field>'] = draft.system;
  return JSON.stringify({ contact: shown });
}

/**
 * The sequence as a shell script: every request the commands sent (curl, keys as
 * `$CONTACTDRIVE_API_KEY`), one comment line per step, and the failing read last.
 */
export function script(real: Real, failing?: ApiResponse): string {
  const secrets = runSecrets(real.ctx.config.apiKey, real.ctx.config.apiKey2);
  const lines: string[] = [];
  let step = -1;
  for (const entry of real.log) {
    if (!entry.command) continue;
    if (entry.step.n !== step) {
      step = entry.step.n;
      lines.push(`# step ${step}: ${entry.step.label}`);
    }
    lines.push(`${toCurl(entry.response.request, secrets)}   # -> ${entry.response.status}`);
  }
  if (failing) {
    lines.push(`# the read that disagrees with the model:`);
    lines.push(toCurl(failing.request, secrets));
  }
  return lines.join('\n');
}
