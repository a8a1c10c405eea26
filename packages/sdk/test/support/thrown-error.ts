import { expect } from 'vitest';
import { SightlineConfigError } from '../../src/sightline-error/index.js';

/** Runs `run`, which must throw an instance of `type`, and returns that error for assertions on its fields. */
export function thrownError<E extends Error>(type: abstract new (...args: never[]) => E, run: () => unknown): E {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`expected a ${type.name}, but nothing was thrown`);
}

/** The SightlineConfigError `run` throws, e.g. for its `issues`. */
export const configError = (run: () => unknown): SightlineConfigError => thrownError(SightlineConfigError, run);
