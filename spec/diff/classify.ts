/**
 * Classifies every difference between two dereferenced OpenAPI 3.1 documents
 * as breaking, additive or a deprecation (D17). Descriptions, examples, tags,
 * `info` and `x-` extensions are not part of what a client relies on and are
 * not compared; the one extension read is `x-limits` (the kit's documented
 * limits) and `x-deprecated` on a security scheme, which has no `deprecated`.
 * @see https://spec.openapis.org/oas/v3.1.0#operation-object
 */
import { ChangeSink, pointerJoin, sortChanges, type ChangeInput, type ContractChange } from './change.js';
import { operationsOf, type Doc, type Operation } from './operations.js';
import { compareResponses, schemaPart } from './responses.js';
import { compareSchemas } from './schema.js';
import { compareSecurity, compareSecuritySchemes } from './security.js';

/** Header parameters OpenAPI says are ignored. @see https://spec.openapis.org/oas/v3.1.0#fixed-fields-9 */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/** The first server's path, its `{variables}` filled with their defaults (a `{scheme}://…` URL included). */
function basePathOf(doc: Doc): string {
  const server = doc.servers?.[0];
  const variables: Record<string, Doc> = server?.variables ?? {};
  const url = String(server?.url ?? '/').replace(/\{([^}]+)\}/g, (whole, name: string) =>
    String(variables[name]?.default ?? whole),
  );
  try {
    return new URL(url, 'http://localhost').pathname.replace(/\/$/, '');
  } catch {
    return '';
  }
}

export function diffDocuments(base: Doc, head: Doc): ContractChange[] {
  const sink = new ChangeSink();
  const oldBase = basePathOf(base);
  const newBase = basePathOf(head);
  if (oldBase !== newBase) {
    sink.add({
      rule: 'base-path-changed',
      pointer: '/servers/0/url',
      side: 'head',
      message: `the base path ${oldBase || '/'} → ${newBase || '/'}`,
    });
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
      sink.add({
        rule: 'operation-moved',
        operation: old.label,
        pointer: elsewhere.pointer,
        side: 'head',
        message: `moved to ${elsewhere.label} (${old.op.operationId})`,
      });
    } else {
      sink.add({
        rule: 'operation-removed',
        operation: old.label,
        pointer: old.pointer,
        side: 'base',
        message: `removed (${old.op.operationId ?? 'no operationId'})${old.op.deprecated ? '; it was deprecated' : ''}`,
      });
    }
  }
  for (const [key, now] of after) {
    if (before.has(key) || moved.has(key)) continue;
    sink.add({
      rule: 'operation-added',
      operation: now.label,
      pointer: now.pointer,
      side: 'head',
      message: `added (${now.op.operationId ?? 'no operationId'})`,
    });
  }
  return sortChanges(sink.changes);
}

function compareLimits(base: Doc, head: Doc, sink: ChangeSink): void {
  const before = base['x-limits'] ?? {};
  const after = head['x-limits'] ?? {};
  for (const [name, value] of Object.entries<unknown>(before)) {
    const now = after[name];
    if (typeof value !== 'number' || typeof now !== 'number' || now === value) continue;
    sink.add({
      rule: now < value ? 'limits-narrowed' : 'limits-widened',
      pointer: pointerJoin('', 'x-limits', name),
      side: 'head',
      message: `x-limits ${name} ${value} → ${now}`,
    });
  }
}

function compareOperation(old: Operation, now: Operation, base: Doc, head: Doc, sink: ChangeSink): void {
  const at = (change: Omit<ChangeInput, 'operation'>) => sink.add({ ...change, operation: now.label });
  if (old.op.operationId !== now.op.operationId) {
    at({
      rule: 'operation-id-changed',
      pointer: pointerJoin(now.pointer, 'operationId'),
      side: 'head',
      message: `operationId ${String(old.op.operationId)} → ${String(now.op.operationId)}`,
    });
  }
  if (now.op.deprecated === true && old.op.deprecated !== true) {
    at({
      rule: 'operation-deprecated',
      pointer: pointerJoin(now.pointer, 'deprecated'),
      side: 'head',
      message: 'deprecated',
    });
  }
  compareSecurity(old, now, base, head, sink);
  compareParameters(old, now, sink);
  compareRequestBody(old, now, sink);
  compareResponses(old, now, base, sink);
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
      const key =
        param.in === 'path'
          ? `path:${positions.indexOf(param.name)}`
          : `${param.in}:${param.in === 'header' ? String(param.name).toLowerCase() : param.name}`;
      out.set(key, {
        key,
        label: `${param.in} parameter ${param.name}`,
        pointer: pointerJoin(base, 'parameters', i),
        param,
      });
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
      sink.add({
        rule: deprecated ? 'deprecated-input-removed' : 'parameter-removed',
        operation,
        pointer: p.pointer,
        side: 'base',
        message: `${p.label} removed${deprecated ? ' (it was deprecated)' : ''}`,
      });
      continue;
    }
    const required = (x: Param) => x.param.required === true;
    if (required(q) && !required(p))
      sink.add({
        rule: 'parameter-became-required',
        operation,
        pointer: q.pointer,
        side: 'head',
        message: `${q.label} is now required`,
      });
    if (!required(q) && required(p))
      sink.add({
        rule: 'parameter-became-optional',
        operation,
        pointer: q.pointer,
        side: 'head',
        message: `${q.label} is now optional`,
      });
    if (styleOf(p.param) !== styleOf(q.param))
      sink.add({
        rule: 'parameter-serialization-changed',
        operation,
        pointer: q.pointer,
        side: 'head',
        message: `${q.label}: style/explode ${styleOf(p.param)} → ${styleOf(q.param)}`,
      });
    if (q.param.deprecated === true && p.param.deprecated !== true)
      sink.add({
        rule: 'parameter-deprecated',
        operation,
        pointer: q.pointer,
        side: 'head',
        message: `${q.label} deprecated`,
      });
    compareSchemas(
      [{ schema: p.param.schema ?? {}, pointer: pointerJoin(p.pointer, 'schema') }],
      [{ schema: q.param.schema ?? {}, pointer: pointerJoin(q.pointer, 'schema') }],
      {
        sink,
        direction: 'request',
        operation,
        subject: q.label,
      },
    );
  }
  for (const [key, q] of after) {
    if (before.has(key)) continue;
    const required = q.param.required === true;
    sink.add({
      rule: required ? 'parameter-required-added' : 'parameter-optional-added',
      operation,
      pointer: q.pointer,
      side: 'head',
      message: `${required ? 'required' : 'optional'} ${q.label} added`,
    });
  }
}

function compareRequestBody(old: Operation, now: Operation, sink: ChangeSink): void {
  const before = old.op.requestBody;
  const after = now.op.requestBody;
  const operation = now.label;
  const pointer = pointerJoin(now.pointer, 'requestBody');
  if (!before && !after) return;
  if (!after) {
    sink.add({
      rule: 'request-body-removed',
      operation,
      pointer: pointerJoin(old.pointer, 'requestBody'),
      side: 'base',
      message: 'request body removed',
    });
    return;
  }
  if (!before) {
    sink.add({
      rule: after.required ? 'request-body-required-added' : 'request-body-optional-added',
      operation,
      pointer,
      side: 'head',
      message: `${after.required ? 'required' : 'optional'} request body added`,
    });
    return;
  }
  if (after.required && !before.required)
    sink.add({
      rule: 'request-body-required-added',
      operation,
      pointer,
      side: 'head',
      message: 'the request body is now required',
    });
  if (!after.required && before.required)
    sink.add({
      rule: 'request-body-became-optional',
      operation,
      pointer,
      side: 'head',
      message: 'the request body is now optional',
    });
  for (const [type, media] of Object.entries<Doc>(before.content ?? {})) {
    const next = after.content?.[type];
    const oldAt = pointerJoin(old.pointer, 'requestBody', 'content', type);
    const newAt = pointerJoin(pointer, 'content', type);
    if (!next) {
      sink.add({
        rule: 'request-media-type-removed',
        operation,
        pointer: oldAt,
        side: 'base',
        message: `request body as ${type} removed`,
      });
      continue;
    }
    compareSchemas(schemaPart(media, oldAt), schemaPart(next, newAt), {
      sink,
      direction: 'request',
      operation,
      subject: 'request body',
    });
  }
  for (const type of Object.keys(after.content ?? {})) {
    if (!before.content?.[type])
      sink.add({
        rule: 'request-media-type-added',
        operation,
        pointer: pointerJoin(pointer, 'content', type),
        side: 'head',
        message: `request body as ${type} added`,
      });
  }
}
