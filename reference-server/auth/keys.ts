/**
 * D12: API keys are kept only as SHA-256 hashes and compared in constant time:
 * every stored hash is compared, with timingSafeEqual, whatever matches first.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const hashKey = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

export interface KeyRing<T> {
  find(key: string): T | undefined;
}

export function createKeyRing<T>(entries: ReadonlyArray<{ key: string; owner: T }>): KeyRing<T> {
  const hashed = entries.map(({ key, owner }) => ({ hash: hashKey(key), owner }));
  return {
    find(key) {
      const presented = hashKey(key);
      let found: T | undefined;
      for (const entry of hashed) {
        if (timingSafeEqual(presented, entry.hash)) found = entry.owner;
      }
      return found;
    },
  };
}
