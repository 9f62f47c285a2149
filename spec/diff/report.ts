/** A diff of two loaded documents, each change placed at a file and line where one is known. */
import type { ContractChange } from './change.js';
import { diffDocuments } from './classify.js';
import type { LoadedDocument } from './load.js';
import { sourceMap } from './locate.js';
import type { ChangeKind } from './rules.js';

export interface LocatedChange extends ContractChange {
  file?: string;
  line?: number;
}

export interface DiffReport {
  base: string;
  head: string;
  changes: LocatedChange[];
  counts: Record<ChangeKind, number>;
}

export function countChanges(changes: ContractChange[]): Record<ChangeKind, number> {
  const counts: Record<ChangeKind, number> = { breaking: 0, deprecation: 0, additive: 0 };
  for (const change of changes) counts[change.kind]++;
  return counts;
}

/**
 * Head-side changes point into the head file. What only the base has points
 * into the base file when it is one, else at the nearest line of the head
 * that still exists (a base read from git has no file to annotate).
 */
export function diffLoaded(base: LoadedDocument, head: LoadedDocument): DiffReport {
  const changes = diffDocuments(base.api, head.api);
  const maps = new Map<LoadedDocument, ReturnType<typeof sourceMap>>();
  const mapOf = (doc: LoadedDocument) => {
    if (!doc.text) return undefined;
    let map = maps.get(doc);
    if (!map) maps.set(doc, (map = sourceMap(doc.text)));
    return map;
  };
  const located = changes.map((change): LocatedChange => {
    const doc = change.side === 'base' && base.file ? base : head;
    const line = mapOf(doc)?.lineOf(change.pointer);
    return { ...change, ...(doc.file ? { file: doc.file } : {}), ...(line !== undefined ? { line } : {}) };
  });
  return { base: base.label, head: head.label, changes: located, counts: countChanges(changes) };
}
