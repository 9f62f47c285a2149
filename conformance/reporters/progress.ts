/**
 * Progress on stderr: one line per check as it finishes. On a terminal the
 * check in progress is shown on a line of its own that the next line replaces.
 */
import type { ProgressEvent } from '../config.js';
import { printable } from './excerpt.js';
import { formatDuration } from './summary.js';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export function createProgressPrinter(stream: ProgressStream): (event: ProgressEvent) => void {
  const tty = stream.isTTY === true;
  let width = 2;
  return (event) => {
    if (event.type === 'run-start') {
      width = String(event.total).length;
      stream.write(`running ${event.total} checks against ${event.target} (seed ${event.seed})\n`);
      return;
    }
    const position = `[${String(event.index + 1).padStart(width)}/${event.total}]`;
    if (event.type === 'check-start') {
      if (tty) stream.write(`\r\x1b[K${position} …    ${event.check}`);
      return;
    }
    const { result } = event;
    const word = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip', errored: 'ERR ' }[result.status];
    const detail =
      result.status === 'skipped'
        ? printable((result.notes[0] ?? '').replace(/^skipped:\s*/, ''))
        : `${result.requests} req, ${formatDuration(result.durationMs)}${result.findings.length > 0 ? `, ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}` : ''}${result.status === 'errored' ? (result.error?.kind === 'time-limit' ? ', out of time' : ', the kit failed on this check') : ''}`;
    stream.write(`${tty ? '\r\x1b[K' : ''}${position} ${word} ${result.check}  (${detail})\n`);
  };
}
