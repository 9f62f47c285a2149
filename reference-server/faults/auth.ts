/** Authentication faults (D10, D11). */
import type { Parts } from '../parts.js';
import type { AuthResult, RawRequest } from '../types.js';
import type { CatalogueEntry } from './fault.js';

const CREDENTIALS = /^(\S+) +(\S+)$/;

/** The workspace a key belongs to, if any. */
const owner = (parts: Parts, key: string) => parts.workspaces.keys.find(key);
const firstWorkspace = (parts: Parts) => parts.workspaces.all()[0]!;

/** Authentication with another way of reading the Bearer header; the query key is left as it is. */
function bearerReadAs(parts: Parts, read: (header: string) => AuthResult): Parts {
  return {
    ...parts,
    authenticate: (raw) =>
      raw.headers.authorization === undefined ? parts.authenticate(raw) : read(raw.headers.authorization),
  };
}

const granted = (parts: Parts, key: string | undefined, via: 'bearer' | 'query'): AuthResult => {
  const workspace = key === undefined ? undefined : owner(parts, key);
  return workspace ? { kind: 'granted', via, workspace } : { kind: 'denied', via };
};

export const AUTH: readonly CatalogueEntry[] = [
  {
    name: 'auth-accepts-unknown-key',
    kind: 'fault',
    area: 'auth',
    description: "Any presented key, known or not, is accepted as the first workspace's.",
    expectedChecks: ['auth-unknown-key', 'auth-malformed-key', 'auth-wrong-scheme'],
    apply: (parts) => ({
      ...parts,
      authenticate(raw) {
        const result = parts.authenticate(raw);
        if (result.kind !== 'denied' || result.via === 'none') return result;
        return { kind: 'granted', via: result.via, workspace: firstWorkspace(parts) };
      },
    }),
  },
  {
    name: 'auth-missing-key-default-workspace',
    kind: 'fault',
    area: 'auth',
    description: 'A request without credentials is served as the first workspace (a development default left on).',
    expectedChecks: ['auth-missing-key'],
    apply: (parts) => ({
      ...parts,
      authenticate(raw) {
        const result = parts.authenticate(raw);
        return result.kind === 'denied' && result.via === 'none'
          ? { kind: 'granted', via: 'none', workspace: firstWorkspace(parts) }
          : result;
      },
    }),
  },
  {
    name: 'auth-key-prefix-match',
    kind: 'fault',
    area: 'auth',
    description:
      'A token that starts with a valid key is accepted: the comparison stops at the length of the stored key.',
    expectedChecks: ['auth-malformed-key', 'auth-unknown-key'],
    apply: (parts) =>
      bearerReadAs(parts, (header) => {
        const match = CREDENTIALS.exec(header);
        if (!match || match[1]!.toLowerCase() !== parts.contract.security.bearerScheme)
          return { kind: 'denied', via: 'bearer' };
        const token = match[2]!;
        for (let length = Math.min(token.length, 256); length > 0; length--) {
          const workspace = owner(parts, token.slice(0, length));
          if (workspace) return { kind: 'granted', via: 'bearer', workspace };
        }
        return { kind: 'denied', via: 'bearer' };
      }),
  },
  {
    name: 'auth-key-case-insensitive',
    kind: 'fault',
    area: 'auth',
    description: 'Keys are compared case-insensitively (looked up lower-cased), so a key in another case is accepted.',
    expectedChecks: ['auth-unknown-key'],
    apply: (parts) => ({
      ...parts,
      authenticate(raw) {
        const result = parts.authenticate(raw);
        if (result.kind !== 'denied') return result;
        const header = raw.headers.authorization;
        if (header !== undefined) {
          const match = CREDENTIALS.exec(header);
          if (!match || match[1]!.toLowerCase() !== parts.contract.security.bearerScheme) return result;
          return granted(parts, match[2]!.toLowerCase(), 'bearer');
        }
        const [key] = raw.query.getAll(parts.contract.security.queryKeyName);
        return key ? granted(parts, key.toLowerCase(), 'query') : result;
      },
    }),
  },
  {
    name: 'auth-bearer-case-sensitive',
    kind: 'fault',
    area: 'auth',
    description: 'Only the exact scheme name "Bearer" followed by one space is accepted; "bearer <key>" is 401.',
    expectedChecks: ['auth-scheme-case-insensitive'],
    apply: (parts) =>
      bearerReadAs(parts, (header) =>
        header.startsWith('Bearer ')
          ? granted(parts, header.slice('Bearer '.length), 'bearer')
          : { kind: 'denied', via: 'bearer' },
      ),
  },
  {
    name: 'auth-scheme-ignored',
    kind: 'fault',
    area: 'auth',
    description:
      'The Authorization scheme is not checked: the last word of the header is taken as the key ("Token <key>", a bare key).',
    expectedChecks: ['auth-wrong-scheme'],
    apply: (parts) => bearerReadAs(parts, (header) => granted(parts, header.trim().split(/ +/).pop(), 'bearer')),
  },
  {
    name: 'auth-query-key-rejected',
    kind: 'fault',
    area: 'auth',
    description: 'The deprecated apiKey query parameter is no longer accepted: 401.',
    expectedChecks: ['auth-query-key-deprecated'],
    apply: (parts) => ({
      ...parts,
      authenticate(raw) {
        const result = parts.authenticate(raw);
        return result.via === 'query' ? { kind: 'denied', via: 'query' } : result;
      },
    }),
  },
  {
    name: 'deprecation-header-missing',
    kind: 'fault',
    area: 'auth',
    description: 'Responses to requests using the apiKey query parameter lack Deprecation and Warning.',
    expectedChecks: ['auth-query-key-deprecated'],
    apply: (parts) => ({
      ...parts,
      finalize: (state, response) => parts.finalize({ ...state, auth: undefined }, response),
    }),
  },
  {
    name: 'deprecation-on-bearer',
    kind: 'fault',
    area: 'auth',
    description: 'Every authenticated response carries Deprecation and Warning, Bearer requests included.',
    expectedChecks: ['auth-bearer-no-deprecation'],
    apply: (parts) => ({
      ...parts,
      finalize: (state, response) =>
        parts.finalize(
          state.auth?.via === 'bearer' ? { ...state, auth: { ...state.auth, via: 'query' } } : state,
          response,
        ),
    }),
  },
  {
    name: 'auth-query-key-first',
    kind: 'fault',
    area: 'auth',
    description: 'When both are sent, the apiKey query parameter decides and the Authorization header is ignored.',
    expectedChecks: ['auth-header-wins'],
    apply: (parts) => ({
      ...parts,
      authenticate(raw: RawRequest) {
        if (!raw.query.has(parts.contract.security.queryKeyName)) return parts.authenticate(raw);
        const { authorization: _ignored, ...headers } = raw.headers;
        return parts.authenticate({ ...raw, headers });
      },
    }),
  },
];
