/**
 * D10: authentication. An `Authorization` header, when present, alone decides:
 * `Bearer <key>` with the scheme in any case and one or more spaces. Without
 * the header the deprecated query key is used; the result records which source
 * was used so every response to it can carry `Deprecation` (D11).
 */
import type { SecuritySpec } from '../../spec/index.js';
import type { AuthResult, RawRequest, Workspace } from '../types.js';
import type { KeyRing } from './keys.js';

const CREDENTIALS = /^(\S+) +(\S+)$/;

export function authenticate(raw: RawRequest, keys: KeyRing<Workspace>, security: SecuritySpec): AuthResult {
  const header = raw.headers.authorization;
  if (header !== undefined) {
    const match = CREDENTIALS.exec(header);
    if (!match || match[1]!.toLowerCase() !== security.bearerScheme) return { kind: 'denied', via: 'bearer' };
    const workspace = keys.find(match[2]!);
    return workspace ? { kind: 'granted', via: 'bearer', workspace } : { kind: 'denied', via: 'bearer' };
  }
  const given = raw.query.getAll(security.queryKeyName);
  if (given.length === 0) return { kind: 'denied', via: 'none' };
  // A repeated or empty query key is malformed: 401, still answered as deprecated.
  const workspace = given.length === 1 && given[0] !== '' ? keys.find(given[0]!) : undefined;
  return workspace ? { kind: 'granted', via: 'query', workspace } : { kind: 'denied', via: 'query' };
}
