/**
 * Response statuses, media types, headers and bodies. A new error status is
 * additive only in the existing envelope (D17).
 * @see https://spec.openapis.org/oas/v3.1.0#responses-object
 */
import { ChangeSink, pointerJoin } from './change.js';
import type { Part } from './flatten.js';
import { isErrorStatus, operationsOf, type Doc, type Operation } from './operations.js';
import { compareSchemas } from './schema.js';

/** A media type's essence: `application/json; charset=utf-8` is `application/json` (RFC 9110 section 8.3.1). */
const essence = (type: string) => type.split(';')[0]!.trim().toLowerCase();

/** The entry of `content` for `type`, matched by essence. */
function mediaOf(content: Record<string, Doc> | undefined, type: string): Doc | undefined {
  return Object.entries<Doc>(content ?? {}).find(([other]) => essence(other) === essence(type))?.[1];
}

export function schemaPart(media: Doc | undefined, pointer: string): Part[] {
  return [{ schema: media?.schema ?? {}, pointer: pointerJoin(pointer, 'schema') }];
}

/** The JSON schemas of the base document's error responses: what "the existing envelope" is. */
function envelopesOf(doc: Doc): Part[] {
  const out: Part[] = [];
  for (const op of operationsOf(doc).values()) {
    for (const [status, response] of Object.entries<Doc>(op.op.responses ?? {})) {
      const schema = response?.content?.['application/json']?.schema;
      if (isErrorStatus(status) && schema)
        out.push({
          schema,
          pointer: pointerJoin(op.pointer, 'responses', status, 'content', 'application/json', 'schema'),
        });
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

export function compareResponses(old: Operation, now: Operation, base: Doc, sink: ChangeSink): void {
  const before = old.op.responses ?? {};
  const after = now.op.responses ?? {};
  const operation = now.label;
  for (const [status, response] of Object.entries<Doc>(before)) {
    const next = after[status];
    const oldAt = pointerJoin(old.pointer, 'responses', status);
    const newAt = pointerJoin(now.pointer, 'responses', status);
    if (!next) {
      sink.add({
        rule: 'response-status-removed',
        operation,
        pointer: oldAt,
        side: 'base',
        message: `response ${status} removed`,
      });
      continue;
    }
    compareHeaders(status, response, next, oldAt, newAt, operation, sink);
    for (const [type, media] of Object.entries<Doc>(response.content ?? {})) {
      const media2 = mediaOf(next.content, type);
      if (!media2) {
        sink.add({
          rule: 'response-media-type-removed',
          operation,
          pointer: pointerJoin(oldAt, 'content', type),
          side: 'base',
          message: `response ${status} as ${type} removed`,
        });
        continue;
      }
      compareSchemas(
        schemaPart(media, pointerJoin(oldAt, 'content', type)),
        schemaPart(media2, pointerJoin(newAt, 'content', type)),
        {
          sink,
          direction: 'response',
          operation,
          subject: `response ${status} body`,
          errorResponse: isErrorStatus(status),
        },
      );
    }
    for (const type of Object.keys(next.content ?? {})) {
      if (!mediaOf(response.content, type))
        sink.add({
          rule: 'response-media-type-added',
          operation,
          pointer: pointerJoin(newAt, 'content', type),
          side: 'head',
          message: `response ${status} as ${type} added`,
        });
    }
  }
  for (const [status, response] of Object.entries<Doc>(after)) {
    if (status in before) continue;
    const pointer = pointerJoin(now.pointer, 'responses', status);
    if (!isErrorStatus(status))
      sink.add({
        rule: 'response-success-status-added',
        operation,
        pointer,
        side: 'head',
        message: `response ${status} added`,
      });
    else if (inEnvelope(response, pointer, base))
      sink.add({
        rule: 'response-error-added',
        operation,
        pointer,
        side: 'head',
        message: `error response ${status} added`,
      });
    else
      sink.add({
        rule: 'response-error-outside-envelope',
        operation,
        pointer,
        side: 'head',
        message: `error response ${status} added without the error envelope`,
      });
  }
}

function compareHeaders(
  status: string,
  response: Doc,
  next: Doc,
  oldAt: string,
  newAt: string,
  operation: string,
  sink: ChangeSink,
): void {
  const byName = (headers: Doc | undefined) =>
    new Map(Object.entries<Doc>(headers ?? {}).map(([name, header]) => [name.toLowerCase(), { name, header }]));
  const before = byName(response.headers);
  const after = byName(next.headers);
  for (const [key, { name, header }] of before) {
    const now = after.get(key);
    if (!now) {
      sink.add({
        rule: 'response-header-removed',
        operation,
        pointer: pointerJoin(oldAt, 'headers', name),
        side: 'base',
        message: `response ${status} header ${name} removed`,
      });
      continue;
    }
    compareSchemas(
      [{ schema: header.schema ?? {}, pointer: pointerJoin(oldAt, 'headers', name, 'schema') }],
      [{ schema: now.header.schema ?? {}, pointer: pointerJoin(newAt, 'headers', now.name, 'schema') }],
      {
        sink,
        direction: 'response',
        operation,
        subject: `response ${status} header ${now.name}`,
      },
    );
  }
  for (const [key, { name }] of after) {
    if (!before.has(key))
      sink.add({
        rule: 'response-header-added',
        operation,
        pointer: pointerJoin(newAt, 'headers', name),
        side: 'head',
        message: `response ${status} header ${name} added`,
      });
  }
}
