/**
 * D5: custom field values are checked against the workspace's definitions. The
 * schema already holds each slug to the slug pattern; here a slug must also be
 * defined by the workspace and the value must have the definition's type.
 */
import { formatField } from '../../spec/index.js';
import { violation } from '../http/errors.js';
import type { ApiError, Workspace } from '../types.js';

export function validateCustomFields(
  workspace: Workspace,
  customFields: unknown,
  at: ReadonlyArray<string | number>,
): ApiError | undefined {
  if (customFields === null || typeof customFields !== 'object') return undefined;
  for (const [slug, value] of Object.entries(customFields)) {
    const field = formatField([...at, slug]);
    const type = workspace.slugTypes.get(slug);
    if (!type)
      return violation(field, `${field}: "${slug}" is not a custom field of this workspace (see GET /workspace).`);
    if (typeof value !== type) return violation(field, `${field}: must be a ${type}.`);
  }
  return undefined;
}
