/**
 * Security schemes and each operation's requirements. A scheme has no
 * `deprecated` field, so `x-deprecated: true` marks one (D10, D17).
 * @see https://spec.openapis.org/oas/v3.1.0#security-requirement-object
 */
import { pointerJoin, type ChangeSink } from './change.js';
import { canonical } from './flatten.js';
import type { Doc, Operation } from './operations.js';

const schemeDeprecated = (scheme: Doc | undefined) => scheme?.deprecated === true || scheme?.['x-deprecated'] === true;

export function compareSecuritySchemes(base: Doc, head: Doc, sink: ChangeSink): void {
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

function requirements(op: Operation, doc: Doc): string[] {
  const list: Doc[] = op.op.security ?? doc.security ?? [];
  return list.map((alternative) =>
    Object.entries<string[]>(alternative)
      .map(([name, scopes]) => (scopes.length > 0 ? `${name}(${[...scopes].sort().join(' ')})` : name))
      .sort()
      .join(' + '),
  );
}

export function compareSecurity(old: Operation, now: Operation, base: Doc, head: Doc, sink: ChangeSink): void {
  const before = requirements(old, base);
  const after = requirements(now, head);
  const pointer = now.op.security ? pointerJoin(now.pointer, 'security') : '/security';
  const open = (list: string[]) => list.length === 0 || list.includes('');
  const schemesBefore = base.components?.securitySchemes ?? {};
  const schemesAfter = head.components?.securitySchemes ?? {};
  // An operation that needs no credentials still serves clients that send some.
  const removed = open(after) ? [] : before;
  for (const alternative of removed) {
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
  } else if (open(after) && !open(before)) {
    sink.add({ rule: 'security-alternative-added', operation: now.label, pointer, side: 'head', message: 'no longer requires credentials' });
  } else if (added.length > 0) {
    sink.add({ rule: 'security-alternative-added', operation: now.label, pointer, side: 'head', message: `also accepts ${added.map((a) => a || 'no credentials').join(', ')}` });
  }
}
