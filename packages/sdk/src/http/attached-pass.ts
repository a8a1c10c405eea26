import { SightlineConfigError } from '../sightline-error/index.js';
import type { RequestPass } from './request-pass.js';

/**
 * The key under which an observer carries its request pass: only this module holds it, so
 * the pass is reached by the adapters (through requestPassOf) and not through the Observer
 * type. An own enumerable property, so a spread copy of the observer still carries it.
 */
const kRequestPass = Symbol('sightline.requestPass');

interface CarriesPass {
  readonly [kRequestPass]?: RequestPass;
}

/** Called once by createObserver on the object it returns. */
export function attachRequestPass<T extends object>(observer: T, pass: RequestPass): T {
  Object.defineProperty(observer, kRequestPass, { value: pass, enumerable: true });
  return observer;
}

/** The request pass of an observer createObserver() returned; an adapter's first step. */
export function requestPassOf(observer: object): RequestPass {
  const pass = (observer as CarriesPass)[kRequestPass];
  if (pass === undefined) {
    throw new SightlineConfigError([
      'the adapter was given an object that is not an observer: pass the one createObserver() (or createTestObserver()) returned',
    ]);
  }
  return pass;
}
