/** Short, single-purpose renderings of a finding that several reporters share. */
import type { Finding } from '../types.js';

export const BODY_EXCERPT_CHARS = 400;

/** The start of a response body, cut at `max` characters. */
export function bodyExcerpt(body: string, max = BODY_EXCERPT_CHARS): string {
  return body.length > max ? `${body.slice(0, max)}… (${body.length - max} more characters)` : body;
}

/** `GET http://…/contacts?limit=1`. */
export function requestLine(finding: Finding): string | undefined {
  return finding.request ? `${finding.request.method} ${finding.request.url}` : undefined;
}

/**
 * Text safe to print on a terminal: control characters (a target may put escape
 * sequences in its bodies) are shown as escapes, line breaks as `\n`.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) =>
    char === '\n' ? '\\n' : char === '\t' ? '\\t' : `\\u{${char.codePointAt(0)!.toString(16)}}`,
  );
}

/** The finding as plain-text lines: what went wrong, then how to see it again. */
export function findingText(finding: Finding): string[] {
  const times = (finding.occurrences ?? 1) > 1 ? ` (×${finding.occurrences})` : '';
  const lines = [`[${finding.severity}] ${finding.check}${finding.operation ? ` ${finding.operation}` : ''}: ${finding.message}${times}`];
  const request = requestLine(finding);
  if (request) lines.push(`request: ${request}`);
  if (finding.response) {
    const status = finding.response.error ? `${finding.response.status} (${finding.response.error})` : String(finding.response.status);
    lines.push(`status: ${status}`);
    if (finding.response.body) lines.push(`body: ${bodyExcerpt(finding.response.body, 200).replace(/\s+/g, ' ')}`);
  }
  if (finding.counterexample !== undefined) lines.push(`counterexample: ${finding.counterexample}`);
  if (finding.curl) lines.push(`curl: ${finding.curl}`);
  if (finding.reproduce) lines.push(`reproduce: ${finding.reproduce}`);
  lines.push(`key: ${finding.key}`);
  return lines;
}

/** The reason a skipped check gives, without its `skipped: ` prefix. */
export function skipReason(notes: readonly string[]): string {
  return (notes[0] ?? 'skipped').replace(/^skipped:\s*/, '');
}
