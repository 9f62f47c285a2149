/**
 * `GET /openapi.json` needs no key and serves a valid OpenAPI 3.1 document
 * (seed, "Machine-readable contract"; D13) that makes no breaking change to
 * this contract, by the same classifier `contactdrive-contract diff` uses
 * (D17): a breaking difference is an error, one finding per rule listing its
 * locations; additive differences and deprecations are info notes.
 * @see https://spec.openapis.org/oas/v3.1.0#openapi-object
 */
import { diffDocuments, DocumentError, loadDocumentValue, RULES, type ContractChange } from '../../spec/diff/index.js';
import type { Doc } from '../../spec/diff/operations.js';
import type { Contract } from '../../spec/index.js';
import type { Check } from '../types.js';
import { exchange } from '../support/finding.js';

const ID = 'openapi-document';
/** Locations listed in one finding; the rest are counted. */
const SHOWN = 8;

const dereferenced = new WeakMap<Contract, Promise<Doc>>();

function contractApi(contract: Contract): Promise<Doc> {
  let api = dereferenced.get(contract);
  if (!api) dereferenced.set(contract, (api = loadDocumentValue(contract.document, 'the contract').then((d) => d.api)));
  return api;
}

function byRule(changes: ContractChange[]): Map<ContractChange['rule'], ContractChange[]> {
  const groups = new Map<ContractChange['rule'], ContractChange[]>();
  for (const change of changes) groups.set(change.rule, [...(groups.get(change.rule) ?? []), change]);
  return groups;
}

export const openapiDocument: Check = {
  id: ID,
  description:
    'GET /openapi.json answers without a key with a valid OpenAPI 3.1 document that makes no breaking change to the contract',
  area: 'responses',
  writes: false,
  sharing: 'shared',
  async run(ctx) {
    const documentSchema = ctx.contract.schemas.OpenApiDocument;
    const op = ctx.contract.operations.find(
      (o) => !o.secured && [...o.responses.values()].some((r) => r.schema === documentSchema),
    );
    if (!op) throw new Error('spec: no unauthenticated document operation');
    const response = await ctx.client.call(op.id, { auth: 'none' });
    const base = { operation: op.id, ...exchange(response) } as const;
    const doc = response.json as { openapi?: unknown } | undefined;
    if (response.status !== 200 || !doc || typeof doc !== 'object') {
      ctx.report({
        ...base,
        severity: 'error',
        key: `${ID}:status`,
        message: `GET ${op.path} without a key answered ${response.status}, not a 200 JSON document`,
      });
      return;
    }
    if (typeof doc.openapi !== 'string' || !/^3\.1\.\d+$/.test(doc.openapi)) {
      ctx.report({
        ...base,
        severity: 'error',
        key: `${ID}:version`,
        message: `The document's openapi is ${JSON.stringify(doc.openapi)}, not 3.1.x`,
      });
      return;
    }
    let served: Doc;
    try {
      // Only the document itself: a served contract must not point elsewhere.
      served = (await loadDocumentValue(doc, 'the served document')).api;
    } catch (error) {
      if (!(error instanceof DocumentError)) throw error;
      ctx.report({
        ...base,
        severity: 'error',
        key: `${ID}:invalid`,
        message: `The served document is not valid OpenAPI: ${error.message.slice(0, 500)}`,
      });
      return;
    }
    for (const [rule, changes] of byRule(diffDocuments(await contractApi(ctx.contract), served))) {
      const { kind, reason } = RULES[rule];
      const where = changes.slice(0, SHOWN).map((c) => (c.operation ? `${c.operation}: ${c.message}` : c.message));
      const more = changes.length > SHOWN ? `; and ${changes.length - SHOWN} more` : '';
      const what =
        kind === 'breaking' ? 'a breaking change' : kind === 'deprecation' ? 'a deprecation' : 'an additive change';
      ctx.report({
        ...base,
        severity: kind === 'breaking' ? 'error' : 'info',
        key: `${ID}:${kind}:${rule}`,
        message: `The served document differs from the contract by ${what} (${rule}: ${reason}) at ${where.join('; ')}${more}`,
      });
    }
  },
};
