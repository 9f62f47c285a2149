/**
 * Classifies every difference between two dereferenced OpenAPI 3.1 documents
 * as breaking, additive or a deprecation (D17). Descriptions, examples, tags,
 * `info` and `x-` extensions are not part of what a client relies on and are
 * not compared; the one extension read is `x-limits` (the kit's documented
 * limits) and `x-deprecated` on a security scheme, which has no `deprecated`.
 * @see https://spec.openapis.org/oas/v3.1.0#operation-object
 */
import { ChangeSink, pointerJoin, sortChanges, type ChangeInput, type ContractChange } from './change.js';
import { canonical, type Part } from './flatten.js';
import { compareSchemas } from './schema.js';

type Doc = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Header parameters OpenAPI says are ignored. @see https://spec.openapis.org/oas/v3.1.0#fixed-fields-9 */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

interface Operation {
  key: string;
  label: string;
  path: string;
  method: string;
  pointer: string;
  op: Doc;
  item: Doc;
}

const isErrorStatus = (status: string) => /^[45]/.test(status) || status === 'default';

function operationsOf(doc: Doc): Map<string, Operation> {
  const out = new Map<string, Operation>();
  for (const [path, item] of Object.entries<Doc>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op) continue;
      // Path parameters are positional on the wire: `/contacts/{id}` is `/contacts/{contactId}`.
      const key = `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`;
      out.set(key, { key, label: `${method.toUpperCase()} ${path}`, path, method, pointer: pointerJoin('', 'paths', path, method), op, item });
    }
  }
  return out;
}

function basePathOf(doc: Doc): string {
  try {
    return new URL(String(doc.servers?.[0]?.url ?? '/'), 'http://localhost').pathname.replace(/\/$/, '');
  } catch {
    return '';
  }
}

export function diffDocuments(base: Doc, head: Doc): ContractChange[] {
  const sink = new ChangeSink();
  const oldBase = basePathOf(base);
  const newBase = basePathOf(head);
  if (oldBase !== newBase) {
    sink.add({ rule: 'base-path-changed', pointer: '/servers/0/url', side: 'head', message: `the base path ${oldBase || '/'} → ${newBase || '/'}` });
  }
  compareLimits(base, head, sink);
  compareSecuritySchemes(base, head, sink);

  const before = operationsOf(base);
  const after = operationsOf(head);
  const afterById = new Map([...after.values()].map((op) => [op.op.operationId, op]));
  const moved = new Set<string>();
  for (const [key, old] of before) {
    const now = after.get(key);
    if (now) {
      compareOperation(old, now, base, head, sink);
      continue;
    }
    const elsewhere = old.op.operationId !== undefined ? afterById.get(old.op.operationId) : undefined;
    if (elsewhere && !before.has(elsewhere.key)) {
      moved.add(elsewhere.key);
      sink.add({ rule: 'operation-moved', operation: old.label, pointer: elsewhere.pointer, side: 'head', message: `moved to ${elsewhere.label} (${old.op.operationId})` });
    } else {
      sink.add({ rule: 'operation-removed', operation: old.label, pointer: old.pointer, side: 'base', message: `removed (${old.op.operationId ?? 'no operationId'})${old.op.deprecated ? '; it was deprecated' : ''}` });
    }
  }
  for (const [key, now] of after) {
    if (before.has(key) || moved.has(key)) continue;
    sink.add({ rule: 'operation-added', operation: now.label, pointer: now.pointer, side: 'head', message: `added (${now.op.operationId ?? 'no operationId'})` });
  }
  return sortChanges(sink.changes);
}

function compareLimits(base: Doc, head: Doc, sink: ChangeSink): void {
  const before = base['x-limits'] ?? {};
  const after = head['x-limits'] ?? {};
  for (const [name, value] of Object.entries<unknown>(before)) {
    const now = after[name];
    if (typeof value !== 'number' || typeof now !== 'number' || now === value) continue;
    sink.add({ rule: now < value ? 'limits-narrowed' : 'limits-widened', pointer: pointerJoin('', 'x-limits', name), side: 'head', message: `x-limits ${name} ${value} → ${now}` });
  }
}

const schemeDeprecated = (scheme: Doc | undefined) => scheme?.deprecated === true || scheme?.['x-deprecated'] === true;

function compareSecuritySchemes(base: Doc, head: Doc, sink: ChangeSink): void {
  const before = base.components?.securitySchemes ?? {};
  const after = head.components?.securitySchemes ?? {};
  for (const [name, old] of Object.entries<Doc>(before)) {
    const pointer = pointerJoin('', 'components', 'securitySchemes', name);
    const now = after[name];
    if (!now) {
      const deprecated = schemeDeprecated(old);
      sink.add({ rule: deprecated ? 'deprecated-input-removed' : 'security-scheme-removed', pointer, side: 'base', message: `security scheme ${name} removed${deprecated ? ' (it was deprecated)' : ''}` });
      continue;
    }
    const wire = (s: Doc) => canonical({ type: s.type, scheme: String(s.scheme ?? '').toLowerCase(), in: s.in, name: s.name, flows: s.flows, openIdConnectUrl: s.openIdConnectUrl });
    if (wire(old) !== wire(now)) sink.add({ rule: 'security-scheme-changed', pointer, side: 'head', message: `security scheme ${name}: ${wire(old)} → ${wire(now)}` });
    if (schemeDeprecated(now) && !schemeDeprecated(old)) sink.add({ rule: 'security-scheme-deprecated', pointer, side: 'head', message: `security scheme ${name} deprecated` });
  }
  for (const name of Object.keys(after)) {
    if (!(name in before)) sink.add({ rule: 'security-scheme-added', pointer: pointerJoin('', 'components', 'securitySchemes', name), side: 'head', message: `security scheme ${name} added` });
  }
}

function compareOperation(old: Operation, now: Operation, base: Doc, head: Doc, sink: ChangeSink): void {
  const at = (change: Omit<ChangeInput, 'operation'>) => sink.add({ ...change, operation: now.label });
  if (old.op.operationId !== now.op.operationId) {
    at({ rule: 'operation-id-changed', pointer: pointerJoin(now.pointer, 'operationId'), side: 'head', message: `operationId ${String(old.op.operationId)} → ${String(now.op.operationId)}` });
  }
  if (now.op.deprecated === true && old.op.deprecated !== true) {
    at({ rule: 'operation-deprecated', pointer: pointerJoin(now.pointer, 'deprecated'), side: 'head', message: 'deprecated' });
  }
  compareSecurity(old, now, base, head, sink);
  compareParameters(old, now, sink);
  compareRequestBody(old, now, sink);
  compareResponses(old, now, base, sink);
}

function requirements(op: Operation, doc: Doc): string[] {
  const list: Doc[] = op.op.security ?? doc.security ?? [];
  return list.map((alternative) =>
    Object.entries<string[]>(alternative)
      .map(([name, scopes]) => (scopes.length > 0 ? `${name}(${[...scopes].sort().join(' ')})` : name))
      .sort()
      .join(' + '),
  );
}

function compareSecurity(old: Operation, now: Operation, base: Doc, head: Doc, sink: ChangeSink): void {
  const before = requirements(old, base);
  const after = requirements(now, head);
  const pointer = now.op.security ? pointerJoin(now.pointer, 'security') : '/security';
  const open = (list: string[]) => list.length === 0 || list.includes('');
  const schemesBefore = base.components?.securitySchemes ?? {};
  const schemesAfter = head.components?.securitySchemes ?? {};
  for (const alternative of before) {
    if (after.includes(alternative) || alternative === '') continue;
    const names = alternative.split(' + ').map((n) => n.replace(/\(.*$/, ''));
    // A scheme removed altogether is reported once, where it was defined.
    if (names.some((n) => !(n in schemesAfter))) continue;
    const deprecated = names.some((n) => schemeDeprecated(schemesBefore[n]));
    sink.add({ rule: deprecated ? 'deprecated-input-removed' : 'security-requirement-removed', operation: now.label, pointer, side: 'head', message: `no longer accepts ${alternative}` });
  }
  const added = after.filter((alternative) => !before.includes(alternative));
  if (open(before) && !open(after)) {
    sink.add({ rule: 'security-required-added', operation: now.label, pointer, side: 'head', message: `now requires ${after.join(' or ')}` });
  } else if (added.length > 0) {
    sink.add({ rule: 'security-alternative-added', operation: now.label, pointer, side: 'head', message: `also accepts ${added.map((a) => a || 'no credentials').join(', ')}` });
  }
}

interface Param {
  key: string;
  label: string;
  pointer: string;
  param: Doc;
}

function parametersOf(op: Operation): Map<string, Param> {
  const out = new Map<string, Param>();
  const positions = [...op.path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
  const add = (list: Doc[] | undefined, base: string) =>
    (list ?? []).forEach((param, i) => {
      if (!param || (param.in === 'header' && IGNORED_HEADERS.has(String(param.name).toLowerCase()))) return;
      const key = param.in === 'path' ? `path:${positions.indexOf(param.name)}` : `${param.in}:${param.in === 'header' ? String(param.name).toLowerCase() : param.name}`;
      out.set(key, { key, label: `${param.in} parameter ${param.name}`, pointer: pointerJoin(base, 'parameters', i), param });
    });
  add(op.item.parameters, pointerJoin('', 'paths', op.path));
  add(op.op.parameters, op.pointer);
  return out;
}

function styleOf(param: Doc): string {
  const style = param.style ?? (param.in === 'query' || param.in === 'cookie' ? 'form' : 'simple');
  return `${style}/explode=${param.explode ?? style === 'form'}`;
}

function compareParameters(old: Operation, now: Operation, sink: ChangeSink): void {
  const before = parametersOf(old);
  const after = parametersOf(now);
  const operation = now.label;
  for (const [key, p] of before) {
    const q = after.get(key);
    if (!q) {
      const deprecated = p.param.deprecated === true;
      sink.add({ rule: deprecated ? 'deprecated-input-removed' : 'parameter-removed', operation, pointer: p.pointer, side: 'base', message: `${p.label} removed${deprecated ? ' (it was deprecated)' : ''}` });
      continue;
    }
    const required = (x: Param) => x.param.required === true;
    if (required(q) && !required(p)) sink.add({ rule: 'parameter-became-required', operation, pointer: q.pointer, side: 'head', message: `${q.label} is now required` });
    if (!required(q) && required(p)) sink.add({ rule: 'parameter-became-optional', operation, pointer: q.pointer, side: 'head', message: `${q.label} is now optional` });
    if (styleOf(p.param) !== styleOf(q.param)) sink.add({ rule: 'parameter-serialization-changed', operation, pointer: q.pointer, side: 'head', message: `${q.label}: style/explode ${styleOf(p.param)} → ${styleOf(q.param)}` });
    if (q.param.deprecated === true && p.param.deprecated !== true) sink.add({ rule: 'parameter-deprecated', operation, pointer: q.pointer, side: 'head', message: `${q.label} deprecated` });
    compareSchemas([{ schema: p.param.schema ?? {}, pointer: pointerJoin(p.pointer, 'schema') }], [{ schema: q.param.schema ?? {}, pointer: pointerJoin(q.pointer, 'schema') }], {
      sink,
      direction: 'request',
      operation,
      subject: q.label,
    });
  }
  for (const [key, q] of after) {
    if (before.has(key)) continue;
    const required = q.param.required === true;
    sink.add({ rule: required ? 'parameter-required-added' : 'parameter-optional-added', operation, pointer: q.pointer, side: 'head', message: `${required ? 'required' : 'optional'} ${q.label} added` });
  }
}

function schemaPart(media: Doc | undefined, pointer: string): Part[] {
  return [{ schema: media?.schema ?? {}, pointer: pointerJoin(pointer, 'schema') }];
}

function compareRequestBody(old: Operation, now: Operation, sink: ChangeSink): void {
  const before = old.op.requestBody;
  const after = now.op.requestBody;
  const operation = now.label;
  const pointer = pointerJoin(now.pointer, 'requestBody');
  if (!before && !after) return;
  if (!after) {
    sink.add({ rule: 'request-body-removed', operation, pointer: pointerJoin(old.pointer, 'requestBody'), side: 'base', message: 'request body removed' });
    return;
  }
  if (!before) {
    sink.add({ rule: after.required ? 'request-body-required-added' : 'request-body-optional-added', operation, pointer, side: 'head', message: `${after.required ? 'required' : 'optional'} request body added` });
    return;
  }
  if (after.required && !before.required) sink.add({ rule: 'request-body-required-added', operation, pointer, side: 'head', message: 'the request body is now required' });
  if (!after.required && before.required) sink.add({ rule: 'request-body-became-optional', operation, pointer, side: 'head', message: 'the request body is now optional' });
  for (const [type, media] of Object.entries<Doc>(before.content ?? {})) {
    const next = after.content?.[type];
    const oldAt = pointerJoin(old.pointer, 'requestBody', 'content', type);
    const newAt = pointerJoin(pointer, 'content', type);
    if (!next) {
      sink.add({ rule: 'request-media-type-removed', operation, pointer: oldAt, side: 'base', message: `request body as ${type} removed` });
      continue;
    }
    compareSchemas(schemaPart(media, oldAt), schemaPart(next, newAt), { sink, direction: 'request', operation, subject: 'request body' });
  }
  for (const type of Object.keys(after.content ?? {})) {
    if (!before.content?.[type]) sink.add({ rule: 'request-media-type-added', operation, pointer: pointerJoin(pointer, 'content', type), side: 'head', message: `request body as ${type} added` });
  }
}

/** The JSON schemas of the base document's error responses: what "the existing envelope" is. */
function envelopesOf(doc: Doc): Part[] {
  const out: Part[] = [];
  for (const op of operationsOf(doc).values()) {
    for (const [status, response] of Object.entries<Doc>(op.op.responses ?? {})) {
      const schema = response?.content?.['application/json']?.schema;
      if (isErrorStatus(status) && schema) out.push({ schema, pointer: pointerJoin(op.pointer, 'responses', status, 'content', 'application/json', 'schema') });
    }
  }
  return out;
}

/** A new error response fits the envelope when some existing error response's schema covers it, codes aside. */
function inEnvelope(response: Doc, pointer: string, base: Doc): boolean {
  const media = response.content?.['application/json'];
  if (!media?.schema) return false;
  const candidate = schemaPart(media, pointerJoin(pointer, 'content', 'application/json'));
  return envelopesOf(base).some((envelope) => {
    const trial = new ChangeSink();
    compareSchemas([envelope], candidate, { sink: trial, direction: 'response', subject: '', errorResponse: true });
    return trial.changes.every((c) => c.kind !== 'breaking' || c.rule === 'error-code-changed');
  });
}

function compareResponses(old: Operation, now: Operation, base: Doc, sink: ChangeSink): void {
  const before = old.op.responses ?? {};
  const after = now.op.responses ?? {};
  const operation = now.label;
  for (const [status, response] of Object.entries<Doc>(before)) {
    const next = after[status];
    const oldAt = pointerJoin(old.pointer, 'responses', status);
    const newAt = pointerJoin(now.pointer, 'responses', status);
    if (!next) {
      sink.add({ rule: 'response-status-removed', operation, pointer: oldAt, side: 'base', message: `response ${status} removed` });
      continue;
    }
    compareHeaders(status, response, next, oldAt, newAt, operation, sink);
    for (const [type, media] of Object.entries<Doc>(response.content ?? {})) {
      const media2 = next.content?.[type];
      if (!media2) {
        sink.add({ rule: 'response-media-type-removed', operation, pointer: pointerJoin(oldAt, 'content', type), side: 'base', message: `response ${status} as ${type} removed` });
        continue;
      }
      compareSchemas(schemaPart(media, pointerJoin(oldAt, 'content', type)), schemaPart(media2, pointerJoin(newAt, 'content', type)), {
        sink,
        direction: 'response',
        operation,
        subject: `response ${status} body`,
        errorResponse: isErrorStatus(status),
      });
    }
    for (const type of Object.keys(next.content ?? {})) {
      if (!response.content?.[type]) sink.add({ rule: 'response-media-type-added', operation, pointer: pointerJoin(newAt, 'content', type), side: 'head', message: `response ${status} as ${type} added` });
    }
  }
  for (const [status, response] of Object.entries<Doc>(after)) {
    if (status in before) continue;
    const pointer = pointerJoin(now.pointer, 'responses', status);
    if (!isErrorStatus(status)) sink.add({ rule: 'response-success-status-added', operation, pointer, side: 'head', message: `response ${status} added` });
    else if (inEnvelope(response, pointer, base)) sink.add({ rule: 'response-error-added', operation, pointer, side: 'head', message: `error response ${status} added` });
    else sink.add({ rule: 'response-error-outside-envelope', operation, pointer, side: 'head', message: `error response ${status} added without the error envelope` });
  }
}

function compareHeaders(status: string, response: Doc, next: Doc, oldAt: string, newAt: string, operation: string, sink: ChangeSink): void {
  const byName = (headers: Doc | undefined) => new Map(Object.entries<Doc>(headers ?? {}).map(([name, header]) => [name.toLowerCase(), { name, header }]));
  const before = byName(response.headers);
  const after = byName(next.headers);
  for (const [key, { name, header }] of before) {
    const now = after.get(key);
    if (!now) {
      sink.add({ rule: 'response-header-removed', operation, pointer: pointerJoin(oldAt, 'headers', name), side: 'base', message: `response ${status} header ${name} removed` });
      continue;
    }
    compareSchemas([{ schema: header.schema ?? {}, pointer: pointerJoin(oldAt, 'headers', name, 'schema') }], [{ schema: now.header.schema ?? {}, pointer: pointerJoin(newAt, 'headers', now.name, 'schema') }], {
      sink,
      direction: 'response',
      operation,
      subject: `response ${status} header ${now.name}`,
    });
  }
  for (const [key, { name }] of after) {
    if (!before.has(key)) sink.add({ rule: 'response-header-added', operation, pointer: pointerJoin(newAt, 'headers', name), side: 'head', message: `response ${status} header ${name} added` });
  }
}
