/**
 * The fault catalogue: named, realistic bugs a vendor could ship, each with
 * the conformance checks expected to report it, and benign variations the
 * contract allows, which the suite must accept. `--fault NAME` (or
 * `options.faults`) switches entries on; `--list-faults` prints them.
 */
import type { Parts } from '../parts.js';
import { AUTH } from './auth.js';
import { BENIGN } from './benign.js';
import { DATA } from './data.js';
import { DRY_RUNS } from './dry-run.js';
import { ENVELOPE } from './envelope.js';
import type { CatalogueEntry, Fault } from './fault.js';
import { IDEMPOTENCY } from './idempotency.js';
import { ISOLATION } from './isolation.js';
import { PAGING } from './paging.js';
import { SCHEMA } from './schema.js';
import { SEQUENCE } from './sequence.js';

export type { CatalogueEntry, Fault, FaultArea } from './fault.js';

export const FAULTS: readonly CatalogueEntry[] = [
  ...AUTH,
  ...ISOLATION,
  ...PAGING,
  ...IDEMPOTENCY,
  ...DRY_RUNS,
  ...ENVELOPE,
  ...DATA,
  ...SCHEMA,
  ...SEQUENCE,
  ...BENIGN,
];

/** The entries named, in order; an unknown name is an error that lists the catalogue. */
export function resolveFaults(names: readonly string[], catalogue: readonly Fault[] = FAULTS): Fault[] {
  return names.map((name) => {
    const fault = catalogue.find((f) => f.name === name);
    if (!fault) throw new Error(`unknown fault "${name}"; known faults: ${catalogue.map((f) => f.name).join(', ')}`);
    return fault;
  });
}

export async function applyFaults(parts: Parts, faults: readonly Fault[]): Promise<Parts> {
  let current = parts;
  for (const fault of faults) current = await fault.apply(current);
  return current;
}

export function listFaults(catalogue: readonly CatalogueEntry[] = FAULTS): Array<Omit<CatalogueEntry, 'apply'>> {
  return catalogue.map(({ name, kind, area, description, expectedChecks }) => ({
    name,
    kind,
    area,
    description,
    expectedChecks,
  }));
}
