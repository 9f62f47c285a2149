/**
 * Maps a JSON pointer into a dereferenced document back to a line of its
 * source, following the source's local `$ref`s, so CI annotations land on the
 * line that holds the change (or the nearest line that still exists).
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

export interface SourceMap {
  /** The 1-based line of the deepest node on the pointer's way that the source has. */
  lineOf(pointer: string): number | undefined;
}

const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

export function sourceMap(text: string): SourceMap {
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: lines, keepSourceTokens: false });
  } catch {
    return { lineOf: () => undefined };
  }
  if (doc.errors.length > 0) return { lineOf: () => undefined };
  const resolveRef = (node: unknown, depth = 0): unknown => {
    if (isAlias(node)) return resolveRef(node.resolve(doc), depth + 1);
    if (!isMap(node) || depth > 20) return node;
    const ref = node.get('$ref');
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return node;
    const target = doc.getIn(ref.slice(2).split('/').map(unescape), true);
    return target ? resolveRef(target, depth + 1) : node;
  };
  const lineAt = (node: Node | undefined | null) => (node?.range ? lines.linePos(node.range[0]).line : undefined);
  return {
    lineOf(pointer) {
      let node: unknown = doc.contents;
      let line = lineAt(doc.contents as Node);
      for (const segment of pointer.split('/').slice(1).map(unescape)) {
        node = resolveRef(node);
        if (isMap(node)) {
          const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === segment);
          if (!pair) break;
          line = lineAt(pair.key as Node) ?? line;
          node = pair.value;
        } else if (isSeq(node)) {
          const item = node.items[Number(segment)];
          if (item === undefined) break;
          line = lineAt(item as Node) ?? line;
          node = item;
        } else break;
      }
      return line;
    },
  };
}
