/**
 * A fake GET /contacts over synthetic contacts, with one paging bug at a time,
 * for the fail-side tests of the pagination checks. Everything else is the
 * framework's fake target.
 */
import type { FakeTarget } from '../../conformance/testing/fake-target.js';
import { sendJson, startBuggyTarget } from './run-check.js';

export interface ListBugs {
  /** Contacts in the workspace (default 30). */
  count?: number;
  /** The page size without `limit` (correct: 10). */
  defaultLimit?: number;
  /** Clamp out-of-range values instead of refusing them. */
  clamp?: boolean;
  /** Serve newest first instead of createdAt ascending. */
  newestFirst?: boolean;
  /** Repeat the last item of a page at the start of the next one. */
  overlap?: boolean;
}

const contact = (i: number) => {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
  return {
    cdId: `cd_${String(i).padStart(4, '0')}`,
    lastName: `L${i}`,
    fullname: `L${i}`,
    tags: [],
    externalIds: {},
    createdAt: at,
    updatedAt: at,
  };
};

const invalid = (field: string) => ({ error: { code: 'VALIDATION_ERROR', message: `${field} is invalid.`, field } });

export function startFakeList(bugs: ListBugs = {}): Promise<FakeTarget> {
  const all = Array.from({ length: bugs.count ?? 30 }, (_, i) => contact(i));
  if (bugs.newestFirst) all.reverse();
  return startBuggyTarget((req, res, path) => {
    if (req.method !== 'GET' || !path.endsWith('/contacts') || !/^Bearer /i.test(req.headers.authorization ?? ''))
      return false;
    const params = new URL(req.url!, 'http://x').searchParams;
    const read = (name: string, fallback: number, min: number, max: number): number | string => {
      const values = params.getAll(name);
      if (values.length === 0) return fallback;
      if (values.length > 1 || !/^(0|[1-9][0-9]*)$/.test(values[0]!)) return bugs.clamp ? fallback : name;
      const n = Number(values[0]);
      if (n < min || n > max) return bugs.clamp ? Math.min(max, Math.max(min, n)) : name;
      return n;
    };
    const limit = read('limit', bugs.defaultLimit ?? 10, 1, 100);
    const offset = read('offset', 0, 0, 2147483647);
    if (typeof limit === 'string') return sendJson(res, 422, invalid(limit));
    if (typeof offset === 'string') return sendJson(res, 422, invalid(offset));
    const start = bugs.overlap && offset > 0 ? offset - 1 : offset;
    return sendJson(res, 200, all.slice(start, start + limit));
  });
}
