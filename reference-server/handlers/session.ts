/** GET /whoami, GET /workspace and GET /openapi.json. */
import type { components } from '../../spec/types.gen.js';
import { type Handler, ok, workspaceOf } from './handler.js';

type Schemas = components['schemas'];

export const getWhoami: Handler = {
  writes: false,
  async run(ctx) {
    const workspace = workspaceOf(ctx);
    const { workspaceId, workspaceName } = workspace;
    return ok(200, { ...workspace.user, workspaceId, workspaceName } satisfies Schemas['Whoami']);
  },
};

export const getWorkspace: Handler = {
  writes: false,
  async run(ctx) {
    const { workspaceId, workspaceName, status, customFields, activityTypes } = workspaceOf(ctx);
    return ok(200, { workspaceId, workspaceName, status, customFields, activityTypes } satisfies Schemas['Workspace']);
  },
};

/** D13: the one unauthenticated operation; the bundled document as loaded at start-up. */
export const getOpenApiDocument: Handler = {
  writes: false,
  async run(_ctx, parts) {
    return ok(200, parts.contract.document);
  },
};
