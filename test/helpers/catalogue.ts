/**
 * Proves a check against the reference server's fault catalogue: for every
 * fault that names the check among those expected to catch it, the check
 * reports an error finding. New catalogue entries are picked up by name.
 */
import { FAULTS } from '../../reference-server/index.js';
import type { Check, ResponseCheck } from '../../conformance/types.js';
import { runDirect } from './direct-context.js';
import type { Test } from 'tap';
import { startReference } from './reference.js';
import { findingsOf, summary } from './run-check.js';

/** The catalogue faults that name `id` among the checks expected to report them. */
export function faultsFor(id: string): string[] {
  return FAULTS.filter((f) => f.kind === 'fault' && f.expectedChecks.includes(id)).map((f) => f.name);
}

/**
 * One subtest per fault. A check runs alone; a response check inspects the
 * traffic of `drivers`. A fault the runner's preflight refuses (the document
 * or whoami missing) is tried on the check alone, without the runner.
 */
export function provesCatalogueFaults(t: Test, check: Check | ResponseCheck, drivers: Check[] = []): void {
  const isResponseCheck = 'inspect' in check;
  for (const fault of faultsFor(check.id)) {
    t.test(`fails on the catalogue fault ${fault}`, async (t) => {
      const ref = await startReference(t, { faults: [fault] });
      let findings;
      try {
        const report = isResponseCheck
          ? await ref.run(drivers, { runs: 10, responseChecks: [check as ResponseCheck] })
          : await ref.run([check as Check], { runs: 20, responseChecks: [] });
        findings = findingsOf(report, check.id);
      } catch (error) {
        if (isResponseCheck) throw error;
        findings = await runDirect(check as Check, ref.url, ref.apiKey);
      }
      t.ok(
        findings.some((f) => f.severity === 'error'),
        `${check.id} on ${fault}:\n${summary(findings)}`,
      );
    });
  }
}
