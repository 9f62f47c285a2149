/**
 * A small RFC 6902 JSON Patch applier (add, remove, replace, move, copy,
 * test) over a parsed document, for the diff's fixture table. It works on a
 * copy and throws on a path that does not exist, so a stale fixture fails loudly.
 * @see https://www.rfc-editor.org/rfc/rfc6902
 */

export interface PatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

type Container = Record<string, unknown> | unknown[];

const segments = (pointer: string) =>
  pointer === ''
    ? []
    : pointer
        .split('/')
        .slice(1)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

function parentOf(doc: unknown, pointer: string): { parent: Container; key: string } {
  const keys = segments(pointer);
  if (keys.length === 0) throw new Error('json-patch: the root cannot be patched');
  let node = doc;
  for (const key of keys.slice(0, -1)) {
    if (!node || typeof node !== 'object' || !(key in (node as object)))
      throw new Error(`json-patch: ${pointer} does not exist`);
    node = (node as Record<string, unknown>)[key];
  }
  if (!node || typeof node !== 'object') throw new Error(`json-patch: the parent of ${pointer} is not a container`);
  return { parent: node as Container, key: keys.at(-1)! };
}

function get(doc: unknown, pointer: string): unknown {
  const { parent, key } = parentOf(doc, pointer);
  if (!(key in parent)) throw new Error(`json-patch: ${pointer} does not exist`);
  return (parent as Record<string, unknown>)[key];
}

function remove(doc: unknown, pointer: string): unknown {
  const { parent, key } = parentOf(doc, pointer);
  if (!(key in parent)) throw new Error(`json-patch: ${pointer} does not exist`);
  const value = (parent as Record<string, unknown>)[key];
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
  return value;
}

function add(doc: unknown, pointer: string, value: unknown): void {
  const { parent, key } = parentOf(doc, pointer);
  if (Array.isArray(parent)) parent.splice(key === '-' ? parent.length : Number(key), 0, value);
  else parent[key] = value;
}

export function applyPatch<T>(document: T, operations: PatchOperation[]): T {
  const doc = structuredClone(document);
  for (const operation of operations) {
    const { op, path } = operation;
    if (op === 'add') add(doc, path, structuredClone(operation.value));
    else if (op === 'remove') remove(doc, path);
    else if (op === 'replace') {
      get(doc, path);
      const { parent, key } = parentOf(doc, path);
      (parent as Record<string, unknown>)[key] = structuredClone(operation.value);
    } else if (op === 'move') add(doc, path, remove(doc, operation.from!));
    else if (op === 'copy') add(doc, path, structuredClone(get(doc, operation.from!)));
    else if (op === 'test') {
      if (JSON.stringify(get(doc, path)) !== JSON.stringify(operation.value))
        throw new Error(`json-patch: test failed at ${path}`);
    } else throw new Error(`json-patch: unknown op ${String(op)}`);
  }
  return doc;
}
