/** Short, single-purpose renderings of a finding that several reporters share. */
import type { CheckResult, Finding } from '../types.js';

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

/** Longest curl line and counterexample the short form prints; the report keeps them whole. */
export const SHORT_CURL_CHARS = 1000;
export const SHORT_VALUE_CHARS = 300;

/** `text` cut to `max` characters (whole code points), saying how much was left out. */
export function cut(text: string, max: number, where = 'the JSON report'): string {
  const points = [...text];
  return points.length > max
    ? `${points.slice(0, max).join('')}… (cut: ${points.length - max} more characters in ${where})`
    : text;
}

/** The operations a finding of several was seen on, as `a, b, c and 13 more`. */
export function operationList(operations: readonly string[], max = 4): string {
  const named = operations.slice(0, max).join(', ');
  return operations.length > max ? `${named} and ${operations.length - max} more` : named;
}

export interface FindingTextOptions {
  /** A few lines for a terminal: long values cut, no key, no request line beside the curl line. */
  short?: boolean;
}

/** The finding as plain-text lines: what went wrong, then how to see it again. */
export function findingText(finding: Finding, options: FindingTextOptions = {}): string[] {
  const short = options.short === true;
  const times = (finding.occurrences ?? 1) > 1 ? ` (×${finding.occurrences})` : '';
  const many = finding.operations && finding.operations.length > 1 ? finding.operations : undefined;
  const where = many
    ? ` [${many.length} operations: ${operationList(many)}]`
    : finding.operation
      ? ` ${finding.operation}`
      : '';
  const lines = [`[${finding.severity}] ${finding.check}${where}: ${finding.message}${times}`];
  const request = requestLine(finding);
  if (request && !(short && finding.curl)) lines.push(`request: ${short ? cut(request, SHORT_VALUE_CHARS) : request}`);
  if (finding.response) {
    const status = finding.response.error
      ? `${finding.response.status} (${finding.response.error})`
      : String(finding.response.status);
    lines.push(`status: ${status}`);
    if (finding.response.body) lines.push(`body: ${bodyExcerpt(finding.response.body, 200).replace(/\s+/g, ' ')}`);
  }
  if (finding.counterexample !== undefined) {
    lines.push(`counterexample: ${short ? cut(finding.counterexample, SHORT_VALUE_CHARS) : finding.counterexample}`);
  }
  if (finding.curl) lines.push(`curl: ${short ? cut(finding.curl, SHORT_CURL_CHARS) : finding.curl}`);
  if (finding.reproduce) lines.push(`reproduce: ${finding.reproduce}`);
  if (!short) lines.push(`key: ${finding.key}`);
  return lines;
}

/** Why a check errored, in words: the run's time limit, or a bug of the kit; never the target. */
export function erroredWhy(result: CheckResult): string {
  return result.error?.kind === 'time-limit'
    ? "the run's time limit stopped this check (not a finding about the target)"
    : 'the kit failed on this check (a bug of the kit, not a finding about the target)';
}

/** An errored check as plain-text lines: the exception, where it was thrown, how to rerun it. */
export function kitErrorText(result: CheckResult): string[] {
  const error = result.error;
  const lines = [`${result.check}: ${error?.message ?? 'the check failed inside the kit'}`];
  for (const frame of error?.stack.slice(0, 3) ?? []) lines.push(frame);
  if (error?.counterexample !== undefined) lines.push(`input: ${cut(error.counterexample, SHORT_VALUE_CHARS)}`);
  if (error?.reproduce) lines.push(`reproduce: ${error.reproduce}`);
  return lines;
}

/** The reason a skipped check gives, without its `skipped: ` prefix. */
export function skipReason(notes: readonly string[]): string {
  return (notes[0] ?? 'skipped').replace(/^skipped:\s*/, '');
}
