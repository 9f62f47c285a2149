/**
 * Runs one step: its requests (one, or a small batch sent at once), the
 * model's judgement of each answer, then the read-your-writes comparison.
 * A batch is linearizable when some serial order of its requests gives every
 * answer an outcome the contract allows from the state before it, and the
 * reads after the batch agree with the state that order leaves (D8's
 * in-flight 409 is one of the allowed outcomes of a shared key).
 */
import { NAMES } from '../../spec/index.js';
import type { ApiResponse } from '../types.js';
import { idsOf } from '../support/paging.js';
import { Mismatch, mismatch, show } from './mismatch.js';
import { searchModel, type Search } from './reads.js';
import type { Real } from './real.js';
import { verify } from './verify.js';
import { adoptModel, cloneModel, stepName, type Model, type ModelContact, type Space, type Step } from './world.js';
import type { WriteRequest } from './writes.js';

export function beginStep(model: Model, real: Real, label: string): Step {
  const step = { n: model.steps.length + 1, label };
  model.steps.push(step);
  real.step = step;
  return step;
}

const requestLine = (r: ApiResponse) =>
  `${r.request.method} ${new URL(r.request.url).pathname}${new URL(r.request.url).search}`;

/** Sends one request and applies the outcome its answer matches; a mismatch names the step. */
export async function single(model: Model, real: Real, step: Step, request: WriteRequest): Promise<ApiResponse> {
  const response = await real.send(request.space, request.operationId, request.options);
  const outcomes = request.outcomes(model, false);
  const matched = outcomes.find((o) => o.differs(response) === undefined);
  if (!matched) {
    mismatch({
      kind: `write-${request.operationId}`,
      operation: request.operationId,
      message: `${stepName(step)} (${requestLine(response)}) ${outcomes[0]?.differs(response) ?? 'has no answer the model allows'}`,
      expected: outcomes.map((o) => o.expected).join(' or '),
      actual: `${response.status} ${show(response.text, 300)}`,
      response,
    });
  }
  matched.apply(model, response);
  return response;
}

/** A search sent inside a batch: its answer must be the model's search at its place in the serial order. */
export function searchRequest(real: Real, space: Space, search: Search): WriteRequest {
  return {
    space,
    operationId: 'searchContacts',
    options: {
      query: { ...search, [NAMES.query.limit]: (real.contract.schemas.PageLimit as { maximum: number }).maximum },
    },
    outcomes(model) {
      const want = searchModel(real.contract, model, space, search).map((c) => c.cdId);
      return [
        {
          expected: `200 ${show(want)}`,
          differs: (r) => {
            const got = Array.isArray(r.json) ? idsOf(r.json) : undefined;
            return r.status === 200 && got?.join() === want.join()
              ? undefined
              : `answered ${r.status} ${show(got ?? r.text, 200)}`;
          },
          apply: () => undefined,
        },
      ];
    },
  };
}

function permutations(n: number): number[][] {
  if (n <= 1) return [[...Array(n).keys()]];
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]),
  );
}

/**
 * Sends `requests` at once. Every serial order that explains the answers is
 * a candidate; the reads after the batch must agree with one of them, which
 * the model then keeps. `sharedKey` marks requests that carry one key.
 */
export async function batch(
  model: Model,
  real: Real,
  step: Step,
  requests: WriteRequest[],
  focus: (m: Model) => ModelContact[],
  n: number,
  sharedKey = false,
  words: string[] = [],
): Promise<void> {
  const responses = await Promise.all(requests.map((r) => real.send(r.space, r.operationId, r.options)));
  const candidates: Model[] = [];
  const seen = new Set<string>();
  for (const order of permutations(requests.length)) {
    const trial = cloneModel(model);
    const explained = order.every((i) => {
      const outcome = requests[i]!.outcomes(trial, sharedKey).find((o) => o.differs(responses[i]!) === undefined);
      outcome?.apply(trial, responses[i]!);
      return outcome !== undefined;
    });
    // Orders that leave the same state are one candidate (distinct creates differ only in push order).
    const byId = (list: ModelContact[]) =>
      [...list].sort((a, b) => (a.cdId < b.cdId ? -1 : 1)).map((c) => [c.cdId, c.record]);
    const print = JSON.stringify([
      byId(trial.contacts.first),
      byId(trial.contacts.second),
      trial.keys.map((k) => k.body).sort(),
    ]);
    if (explained && !seen.has(print)) {
      seen.add(print);
      candidates.push(trial);
    }
  }
  const answers = responses
    .map((r, i) => `  ${i + 1}. ${requestLine(r)} -> ${r.status} ${show(r.text, 160)}`)
    .join('\n');
  if (candidates.length === 0) {
    mismatch({
      kind: `batch-${requests[0]!.operationId}`,
      operation: requests[0]!.operationId,
      message: `${stepName(step)}: no serial order of the ${requests.length} concurrent requests explains their answers`,
      expected: `the answers of some serial order, e.g. ${requests.map((r) => r.outcomes(cloneModel(model), sharedKey)[0]?.expected ?? '?').join(' / ')}`,
      actual: `\n${answers}`,
      response: responses.at(-1),
    });
  }
  // When no order explains the reads, the order whose reads went furthest is the one to show.
  let best: { error: Mismatch; progress: number } | undefined;
  for (const candidate of candidates) {
    const trial = cloneModel(candidate);
    const before = real.log.length;
    try {
      await verify(real, trial, { focus: focus(trial), n, words });
      adoptModel(model, trial);
      return;
    } catch (error) {
      if (!(error instanceof Mismatch)) throw error;
      const progress = real.log.length - before;
      if (!best || progress > best.progress) best = { error, progress };
    }
  }
  const d = best!.error.details;
  // With one explanation of the answers the batch's order is not in question, only the state it left.
  if (candidates.length === 1) throw best!.error;
  throw new Mismatch({
    ...d,
    message: `${d.message}; no serial order of the concurrent batch of ${stepName(step)} explains it (answers:\n${answers})`,
  });
}
