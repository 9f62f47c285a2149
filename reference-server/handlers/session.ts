/** GET /whoami, GET /workspace and GET /openapi.json. */
import { type Handler, ok, workspaceOf } from './handler.js';

export const getWhoami: Handler = {
  writes: false,
  run(ctx) {
    const workspace = workspaceOf(ctx);
    return ok(200, { ...workspace.user, workspaceId: workspace.workspaceId, workspaceName: workspace.workspaceName });
  },
};

export const getWorkspace: Handler = {
  writes: false,
  run(ctx) {
    const { workspaceId, workspaceName, status, customFields, activityTypes } = workspaceOf(ctx);
    return ok(200, { workspaceId, workspaceName, status, customFields, activityTypes });
  },
};

/** D13: the one unauthenticated operation; the bundled document as loaded at start-up. */
export const getOpenApiDocument: Handler = {
  writes: false,
  run(_ctx, parts) {
    return ok(200, parts.contract.document);
  },
};
