/** The raw request: method, path and query split apart, before routing. */
import type { IncomingMessage } from 'node:http';
import type { RawRequest } from '../types.js';

/** `+` is a space in a query string (application/x-www-form-urlencoded), as URLSearchParams reads it. */
const decodeStrict = (text: string): string => decodeURIComponent(text.replaceAll('+', ' '));

/**
 * D14: the names whose value is not valid percent-encoding of UTF-8 (`%zz`,
 * a lone `%`, `%ff`, an encoded surrogate). URLSearchParams would keep `%zz`
 * as it is and turn `%ff` into U+FFFD, so a search would silently match
 * nothing; the parameter step refuses them instead. A name that does not
 * decode names no parameter of the contract and is ignored with the rest.
 */
export function malformedQueryNames(search: string): Set<string> {
  const names = new Set<string>();
  if (!search.includes('%')) return names;
  for (const pair of search.split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    try {
      decodeStrict(pair.slice(eq + 1));
    } catch {
      try {
        names.add(decodeStrict(pair.slice(0, eq)));
      } catch {
        // the name itself is malformed
      }
    }
  }
  return names;
}

export function readRequest(req: IncomingMessage): RawRequest {
  const url = req.url ?? '/';
  const mark = url.indexOf('?');
  const search = mark < 0 ? '' : url.slice(mark + 1);
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: mark < 0 ? url : url.slice(0, mark),
    query: new URLSearchParams(search),
    malformedQuery: malformedQueryNames(search),
    headers: req.headers,
  };
}
