/**
 * D3: `createdAt`/`updatedAt` conditions take any RFC 3339 instant (offsets,
 * lower-case `t`/`z`, a leap second, more than millisecond precision). Stored
 * instants are `toISOString()` strings, which sort as they compare; a query
 * instant is brought to that form: `iso` is its millisecond floor and `exact`
 * says whether it lies exactly on that millisecond.
 */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt\s](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?)$/;
const LATEST = '9999-12-31T23:59:59.999Z';

export interface Instant {
  iso: string;
  exact: boolean;
}

export function parseInstant(text: string): Instant | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', sign, oh = '0', om = '0'] = m;
  const date = new Date(0);
  date.setUTCFullYear(Number(y), Number(mo) - 1, Number(d)); // years 0-99 stay literal
  date.setUTCHours(Number(h), Number(mi), Number(s), Number(fraction.slice(0, 3).padEnd(3, '0')));
  const offset = (Number(oh) * 60 + Number(om)) * 60_000 * (sign === '-' ? -1 : 1);
  const ms = date.getTime() - offset;
  if (Number.isNaN(ms)) return undefined;
  const exact = !/[1-9]/.test(fraction.slice(3));
  // Past year 9999 toISOString() gains a sign and stops sorting; no stored instant is that late.
  if (ms > Date.parse(LATEST)) return { iso: LATEST, exact: false };
  return { iso: new Date(ms).toISOString(), exact };
}
