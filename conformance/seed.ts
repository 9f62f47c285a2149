/**
 * Per-property seeds derived from the run seed, so `--seed N --checks ID`
 * replays a property with the same fast-check seed whatever else runs.
 */

/** FNV-1a, 32 bits. @see http://www.isthe.com/chongo/tech/comp/fnv/ */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The fast-check seed of property `name` of check `checkId` in a run with `runSeed`. */
export function propertySeed(runSeed: number, checkId: string, name: string): number {
  return fnv1a(`${runSeed}\u0000${checkId}\u0000${name}`) | 0;
}
