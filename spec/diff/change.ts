/** One classified difference between two versions of the contract. */
import { RULES, type ChangeKind, type RuleId } from './rules.js';

export interface ContractChange {
  rule: RuleId;
  kind: ChangeKind;
  /** `METHOD /path` of the operation concerned, when there is one. */
  operation?: string;
  /** A JSON pointer into the dereferenced document of `side` (`/paths/~1contacts/post/...`). */
  pointer: string;
  /** The document the pointer is in: `head`, or `base` for what the head no longer has. */
  side: 'base' | 'head';
  /** One line: what changed, with the old and new value. */
  message: string;
}

export type ChangeInput = Omit<ContractChange, 'kind'>;

export class ChangeSink {
  readonly changes: ContractChange[] = [];

  add(change: ChangeInput): void {
    this.changes.push({ ...change, kind: RULES[change.rule].kind });
  }
}

const ORDER: Record<ChangeKind, number> = { breaking: 0, deprecation: 1, additive: 2 };

/** Breaking first, then deprecations, then additive changes; stable within each. */
export function sortChanges(changes: ContractChange[]): ContractChange[] {
  return changes
    .map((change, index) => ({ change, index }))
    .sort((a, b) => ORDER[a.change.kind] - ORDER[b.change.kind] || a.index - b.index)
    .map(({ change }) => change);
}

/** `~` and `/` escaped as a JSON pointer segment. @see https://www.rfc-editor.org/rfc/rfc6901#section-3 */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerJoin(base: string, ...keys: Array<string | number>): string {
  return base + keys.map((key) => `/${pointerSegment(key)}`).join('');
}
