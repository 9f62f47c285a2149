/**
 * A copy-pasteable curl line for a recorded request. Keys are never written
 * out: each occurrence becomes `"$CONTACTDRIVE_API_KEY"` (or `_2`), so the line
 * replays once the variable is set.
 */
import { spellings, type Secret } from './redact.js';
import type { RecordedRequest } from './types.js';

const PLAIN = /^[A-Za-z0-9_/.,:=@%+-]+$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Quotes a literal for POSIX shells; bytes outside printable ASCII use bash's `$'...'`. */
export function shellQuote(text: string): string {
  if (text === '') return "''";
  if (PLAIN.test(text)) return text;
  if (PRINTABLE_ASCII.test(text)) return `'${text.replace(/'/g, `'\\''`)}'`;
  let out = "$'";
  for (const byte of Buffer.from(text, 'utf8')) {
    if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x27) out += "\\'";
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x0d) out += '\\r';
    else if (byte === 0x09) out += '\\t';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `${out}'`;
}

/** One shell word for `text` with every secret spelled as a quoted variable reference. */
export function shellWord(text: string, secrets: readonly Secret[]): string {
  const forms = secrets
    .flatMap((secret) => spellings(secret.value).map((form) => ({ form, variable: secret.variable })))
    .filter(({ form }) => form.length > 0)
    .sort((a, b) => b.form.length - a.form.length);
  const parts: string[] = [];
  let literal = '';
  let i = 0;
  outer: while (i < text.length) {
    for (const { form, variable } of forms) {
      if (text.startsWith(form, i)) {
        if (literal) parts.push(shellQuote(literal));
        literal = '';
        parts.push(`"$${variable}"`);
        i += form.length;
        continue outer;
      }
    }
    literal += text[i];
    i += 1;
  }
  if (literal || parts.length === 0) parts.push(shellQuote(literal));
  return parts.join('');
}

/** Headers undici or curl set by themselves; writing them out adds nothing. */
const IMPLIED_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);

/** The curl command that sends `request` again. */
export function toCurl(request: RecordedRequest, secrets: readonly Secret[]): string {
  const word = (text: string) => shellWord(text, secrets);
  const args = ['curl', '-sS', '-i', '-g'];
  // Keeps `/./` and `/../` segments that a check sends on purpose.
  if (/\/\.\.?(\/|$)/.test(request.url.split('?')[0]!)) args.push('--path-as-is');
  if (request.method !== 'GET') args.push('-X', word(request.method));
  args.push(word(request.url));
  const headerNames = new Set<string>();
  for (const [name, value] of Object.entries(request.headers)) {
    headerNames.add(name.toLowerCase());
    if (IMPLIED_HEADERS.has(name.toLowerCase())) continue;
    // `Name;` is curl's spelling of a header with an empty value.
    args.push('-H', word(value === '' ? `${name};` : `${name}: ${value}`));
  }
  if (request.body !== undefined) {
    // Without this, curl adds `Content-Type: application/x-www-form-urlencoded` to a body.
    if (!headerNames.has('content-type')) args.push('-H', "'Content-Type:'");
    const bytes = request.bodyEncoding === 'base64' ? Buffer.from(request.body, 'base64') : Buffer.from(request.body);
    if (request.bodyEncoding === 'base64' || bytes.includes(0)) {
      // A shell argument cannot hold a NUL byte or arbitrary bytes: decode them from base64.
      args.push('--data-binary', `@<(printf %s ${shellQuote(bytes.toString('base64'))} | base64 -d)`);
    } else {
      args.push('--data-binary', word(request.body));
    }
  }
  return args.join(' ');
}
