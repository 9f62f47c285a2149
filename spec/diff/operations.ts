/** The operations of a dereferenced document, keyed so that versions of one operation meet. */
import { pointerJoin } from './change.js';

/**
 * A part of an OpenAPI document of any shape: the diff compares two documents
 * structurally, key by key, whatever they hold, so its reads are untyped on purpose.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- documents of unknown shape, compared key by key
export type Doc = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export interface Operation {
  key: string;
  label: string;
  path: string;
  method: string;
  pointer: string;
  op: Doc;
  item: Doc;
}

export const isErrorStatus = (status: string) => /^[45]/.test(status) || status === 'default';

export function operationsOf(doc: Doc): Map<string, Operation> {
  const out = new Map<string, Operation>();
  for (const [path, item] of Object.entries<Doc>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op) continue;
      // Path parameters are positional on the wire: `/contacts/{id}` is `/contacts/{contactId}`.
      const key = `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`;
      out.set(key, {
        key,
        label: `${method.toUpperCase()} ${path}`,
        path,
        method,
        pointer: pointerJoin('', 'paths', path, method),
        op,
        item,
      });
    }
  }
  return out;
}
