/**
 * The two ways a run can fail to start. The CLI maps both to exit status 2;
 * everything else the target does wrong is a finding, not an exception.
 */

/** Bad options: unknown check ids, a missing key, two keys of one workspace, a contract document that does not load. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type TargetProblem = 'unreachable' | 'not-contactdrive' | 'bad-key';

/** The target cannot be tested: it does not answer, is not a ContactDrive v2 API, or rejects the key. */
export class TargetError extends Error {
  override name = 'TargetError';
  constructor(
    readonly problem: TargetProblem,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A check asked for part of the target's context that the preflight could not
 * read (the workspace's custom fields, say, when `GET /workspace` broke the
 * contract). The runner skips the check with this reason; the preflight has
 * already reported the broken answer as a finding.
 */
export class PreflightGapError extends Error {
  override name = 'PreflightGapError';
  constructor(
    /** What is missing, e.g. "the workspace's custom fields". */
    readonly part: string,
    /** Why the preflight could not read it. */
    readonly reason: string,
  ) {
    super(`needs ${part}, which the preflight could not read: ${reason}`);
  }
}
