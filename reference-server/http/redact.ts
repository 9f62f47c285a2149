/**
 * Credentials never reach a log. A logged URL keeps its path and every query
 * parameter but the value of the contract's query key (`security.queryKeyName`),
 * matched however its name is spelled or percent-encoded. Request headers are
 * not logged at all, so `Authorization` cannot leak that way.
 */
export const REDACTED = '[redacted]';

/** The name of a query pair as a server would read it, or undefined when it cannot be decoded. */
function nameOf(pair: string): string | undefined {
  const mark = pair.indexOf('=');
  try {
    return decodeURIComponent((mark < 0 ? pair : pair.slice(0, mark)).replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}

/** `url` (a request target such as `/api/v2/whoami?apiKey=…`) with the values of `keyNames` replaced. */
export function redactUrl(url: string, keyNames: readonly string[]): string {
  const mark = url.indexOf('?');
  if (mark < 0) return url;
  const secret = new Set(keyNames.map((name) => name.toLowerCase()));
  const pairs = url
    .slice(mark + 1)
    .split('&')
    .map((pair) => {
      const name = nameOf(pair);
      // A name that cannot be decoded cannot be checked: its value goes too.
      if (name !== undefined && !secret.has(name.toLowerCase())) return pair;
      const eq = pair.indexOf('=');
      return `${eq < 0 ? pair : pair.slice(0, eq)}=${REDACTED}`;
    });
  return `${url.slice(0, mark)}?${pairs.join('&')}`;
}
