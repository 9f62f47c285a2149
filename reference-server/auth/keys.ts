/**
 * D12: API keys are kept only as SHA-256 hashes and compared in constant time:
 * every stored hash is compared, with timingSafeEqual, whatever matches first.
 * The hash of a presented key is memoised (a bounded LRU): only the hashing is
 * saved, the comparison runs in full on every request.
 */
import { hash, timingSafeEqual } from 'node:crypto';

export const hashKey = (key: string): Buffer => hash('sha256', key, 'buffer');

export interface KeyRing<T> {
  find(key: string): T | undefined;
}

export interface KeyRingOptions {
  /** How many presented keys keep their hash (default `MEMO_ENTRIES`). */
  memoEntries?: number;
}

export const MEMO_ENTRIES = 4096;
/** A longer presented key is hashed every time: with the entry cap this bounds the memo's memory (a few MiB at most). */
export const MEMO_MAX_KEY_LENGTH = 256;

/** A least-recently-used memo of `hashKey`; a Map keeps insertion order, so the first key is the oldest. */
export function createHashMemo(maxEntries: number): { hash(key: string): Buffer; readonly size: number } {
  const memo = new Map<string, Buffer>();
  return {
    hash(key) {
      let hash = memo.get(key);
      if (hash !== undefined) {
        memo.delete(key); // refreshed: a key in steady use outlives a stream of one-off keys
      } else {
        hash = hashKey(key);
        if (key.length > MEMO_MAX_KEY_LENGTH) return hash;
        if (memo.size >= maxEntries) memo.delete(memo.keys().next().value!);
      }
      memo.set(key, hash);
      return hash;
    },
    get size() {
      return memo.size;
    },
  };
}

export function createKeyRing<T>(
  entries: ReadonlyArray<{ key: string; owner: T }>,
  options: KeyRingOptions = {},
): KeyRing<T> {
  const hashed = entries.map(({ key, owner }) => ({ hash: hashKey(key), owner }));
  const memo = createHashMemo(options.memoEntries ?? MEMO_ENTRIES);
  return {
    find(key) {
      const presented = memo.hash(key);
      let found: T | undefined;
      for (const entry of hashed) {
        if (timingSafeEqual(presented, entry.hash)) found = entry.owner;
      }
      return found;
    },
  };
}
