/**
 * The two ways a run can fail to start. The CLI maps both to exit status 2;
 * everything else the target does wrong is a finding, not an exception.
 */

/** Bad options: unknown check ids, a missing key, two keys of one workspace. */
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
