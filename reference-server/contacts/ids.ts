/**
 * Contact ids: `cd_` and a lower-case, monotonic ULID. Ids minted later sort
 * later, so two contacts created in the same millisecond keep their creation
 * order under the list order (`createdAt`, then `cdId`; D2).
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function encode(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(value & 31n)]! + out;
    value >>= 5n;
  }
  return out;
}

export function createIdMinter(now: () => number): () => string {
  let lastTime = -1;
  let lastRandom = 0n;
  return () => {
    const time = Math.max(0, Math.floor(now()));
    if (time <= lastTime) {
      lastRandom += 1n; // same (or an earlier) millisecond: count up from the last id
    } else {
      lastTime = time;
      lastRandom = BigInt(`0x${randomBytes(10).toString('hex')}`) >> 1n; // room to count up
    }
    return `cd_${encode(BigInt(lastTime), 10)}${encode(lastRandom, 16)}`;
  };
}
