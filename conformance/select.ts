/**
 * Which checks and response checks a run uses, from `--checks` and `--skip`.
 * Checks send the traffic that response checks inspect, so naming only
 * response checks in `--checks` keeps every check as a source of traffic, and
 * naming only checks keeps every response check.
 */
import { UsageError } from './errors.js';
import type { Check, ResponseCheck } from './types.js';

export interface Registry {
  checks: readonly Check[];
  responseChecks: readonly ResponseCheck[];
}

export interface Selection {
  checks: Check[];
  responseChecks: ResponseCheck[];
}

function validIds(registry: Registry): string {
  const ids = [...registry.checks.map((c) => c.id), ...registry.responseChecks.map((c) => c.id)];
  return ids.length > 0 ? ids.join(', ') : '(none registered)';
}

export function selectChecks(registry: Registry, include?: readonly string[], exclude?: readonly string[]): Selection {
  const all = [...registry.checks, ...registry.responseChecks];
  const seen = new Set<string>();
  for (const { id } of all) {
    if (seen.has(id)) throw new Error(`two checks share the id ${id}`);
    seen.add(id);
  }
  const unknown = [...(include ?? []), ...(exclude ?? [])].filter((id) => !seen.has(id));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown check id${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}; valid ids: ${validIds(registry)}`,
    );
  }
  if (include !== undefined && include.length === 0)
    throw new UsageError(`--checks needs at least one id; valid ids: ${validIds(registry)}`);

  const wanted = new Set(include ?? []);
  const skipped = new Set(exclude ?? []);
  const namesCheck = registry.checks.some((c) => wanted.has(c.id));
  const namesResponseCheck = registry.responseChecks.some((c) => wanted.has(c.id));
  return {
    checks: registry.checks.filter((c) => (!namesCheck || wanted.has(c.id)) && !skipped.has(c.id)),
    responseChecks: registry.responseChecks.filter(
      (c) => (!namesResponseCheck || wanted.has(c.id)) && !skipped.has(c.id),
    ),
  };
}
