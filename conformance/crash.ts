/**
 * The one rendering of an exception thrown inside the kit (a check, a
 * generator, a response check, the runner): never a finding about the target,
 * always a `KitError` on the check that was running.
 */
import type { KitError } from './types.js';

const FRAMES = 5;

export function kitError(error: unknown, extra: Omit<KitError, 'message' | 'stack'> = {}): KitError {
  if (error instanceof Error) {
    const frames = (error.stack ?? '')
      .split('\n')
      .slice(1)
      .map((line) => line.trim())
      .filter((line) => line.startsWith('at '))
      .slice(0, FRAMES);
    return { message: `${error.name}: ${error.message}`, stack: frames, ...extra };
  }
  return { message: String(error), stack: [], ...extra };
}

/**
 * Thrown by `ctx.property` when a property's predicate threw: the check
 * errors with the shrunk input attached.
 */
export class PropertyCrashError extends Error {
  override name = 'PropertyCrashError';
  constructor(
    readonly thrown: unknown,
    readonly property: string,
    readonly counterexample: string,
    readonly path: string,
    readonly reproduce: string,
  ) {
    super(`property "${property}" threw: ${kitError(thrown).message}`);
  }
}

/** The KitError for anything a check threw, unwrapping a property's crash. */
export function checkCrash(error: unknown): KitError {
  if (error instanceof PropertyCrashError) {
    const inner = kitError(error.thrown);
    return {
      message: `property "${error.property}" threw ${inner.message}`,
      stack: inner.stack,
      counterexample: error.counterexample,
      path: error.path,
      reproduce: error.reproduce,
    };
  }
  return kitError(error);
}
