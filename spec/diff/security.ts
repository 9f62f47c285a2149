/**
 * Security schemes and each operation's requirements. A scheme has no
 * `deprecated` field, so `x-deprecated: true` marks one (D10, D17).
 * @see https://spec.openapis.org/oas/v3.1.0#security-requirement-object
 */
import { pointerJoin, type ChangeSink } from './change.js';
import { canonical } from './flatten.js';
import type { Doc, Operation } from './operations.js';

const schemeDeprecated = (scheme: Doc | undefined) => scheme?.deprecated === true || scheme?.['x-deprecated'] === true;

/** What a client sends for a scheme; its component name is the document's own and clients never see it. */
const wire = (s: Doc) =>
  canonical({
    type: s.type,
    scheme: String(s.scheme ?? '').toLowerCase(),
    in: s.in,
    name: s.name,
    flows: s.flows,
    openIdConnectUrl: s.openIdConnectUrl,
  });

export function compareSecuritySchemes(base: Doc, head: Doc, sink: ChangeSink): void {
  const before = base.components?.securitySchemes ?? {};
  const after = head.components?.securitySchemes ?? {};
  // A scheme is the same one when its name or its wire form is: a renamed component changes nothing on the wire.
  const counterpart = (name: string, scheme: Doc, others: Record<string, Doc>): [string, Doc] | undefined =>
    others[name] ? [name, others[name]] : Object.entries<Doc>(others).find(([, other]) => wire(other) === wire(scheme));
  for (const [name, old] of Object.entries<Doc>(before)) {
    const pointer = pointerJoin('', 'components', 'securitySchemes', name);
    const found = counterpart(name, old, after);
    if (!found) {
      const deprecated = schemeDeprecated(old);
      sink.add({
        rule: deprecated ? 'deprecated-input-removed' : 'security-scheme-removed',
        pointer,
        side: 'base',
        message: `security scheme ${name} removed${deprecated ? ' (it was deprecated)' : ''}`,
      });
      continue;
    }
    const [, now] = found;
    if (wire(old) !== wire(now))
      sink.add({
        rule: 'security-scheme-changed',
        pointer,
        side: 'head',
        message: `security scheme ${name}: ${wire(old)} → ${wire(now)}`,
      });
    if (schemeDeprecated(now) && !schemeDeprecated(old))
      sink.add({
        rule: 'security-scheme-deprecated',
        pointer,
        side: 'head',
        message: `security scheme ${name} deprecated`,
      });
  }
  for (const [name, now] of Object.entries<Doc>(after)) {
    if (!counterpart(name, now, before))
      sink.add({
        rule: 'security-scheme-added',
        pointer: pointerJoin('', 'components', 'securitySchemes', name),
        side: 'head',
        message: `security scheme ${name} added`,
      });
  }
}

/**
 * The base document's name for each of the head's schemes: its own name when
 * the base has a scheme of that name, else the base scheme sent the same way
 * on the wire (a renamed component).
 */
function baseNames(base: Doc, head: Doc): Map<string, string> {
  const before: Record<string, Doc> = base.components?.securitySchemes ?? {};
  const after: Record<string, Doc> = head.components?.securitySchemes ?? {};
  const names = new Map<string, string>();
  for (const [name, scheme] of Object.entries<Doc>(after)) {
    const renamed = Object.entries<Doc>(before).find(
      ([other, old]) => !(other in after) && wire(old) === wire(scheme),
    )?.[0];
    names.set(name, name in before ? name : (renamed ?? name));
  }
  return names;
}

/** Each alternative of an operation's requirements, schemes named as the base document names them. */
function requirements(op: Operation, doc: Doc, names?: Map<string, string>): string[] {
  const list: Doc[] = op.op.security ?? doc.security ?? [];
  return list.map((alternative) =>
    Object.entries<string[]>(alternative)
      .map(([name, scopes]) => {
        const id = names?.get(name) ?? name;
        return scopes.length > 0 ? `${id}(${[...scopes].sort().join(' ')})` : id;
      })
      .sort()
      .join(' + '),
  );
}

export function compareSecurity(old: Operation, now: Operation, base: Doc, head: Doc, sink: ChangeSink): void {
  const before = requirements(old, base);
  const after = requirements(now, head, baseNames(base, head));
  const pointer = now.op.security ? pointerJoin(now.pointer, 'security') : '/security';
  const open = (list: string[]) => list.length === 0 || list.includes('');
  const schemesBefore: Record<string, Doc> = base.components?.securitySchemes ?? {};
  const kept = new Set(baseNames(base, head).values());
  // An operation that needs no credentials still serves clients that send some.
  const removed = open(after) ? [] : before;
  for (const alternative of removed) {
    if (after.includes(alternative) || alternative === '') continue;
    const names = alternative.split(' + ').map((n) => n.replace(/\(.*$/, ''));
    // A scheme removed altogether is reported once, where it was defined.
    if (names.some((n) => !kept.has(n))) continue;
    const deprecated = names.some((n) => schemeDeprecated(schemesBefore[n]));
    sink.add({
      rule: deprecated ? 'deprecated-input-removed' : 'security-requirement-removed',
      operation: now.label,
      pointer,
      side: 'head',
      message: `no longer accepts ${alternative}`,
    });
  }
  const added = after.filter((alternative) => !before.includes(alternative));
  if (open(before) && !open(after)) {
    sink.add({
      rule: 'security-required-added',
      operation: now.label,
      pointer,
      side: 'head',
      message: `now requires ${after.join(' or ')}`,
    });
  } else if (open(after) && !open(before)) {
    sink.add({
      rule: 'security-alternative-added',
      operation: now.label,
      pointer,
      side: 'head',
      message: 'no longer requires credentials',
    });
  } else if (added.length > 0) {
    sink.add({
      rule: 'security-alternative-added',
      operation: now.label,
      pointer,
      side: 'head',
      message: `also accepts ${added.map((a) => a || 'no credentials').join(', ')}`,
    });
  }
}
