import { setTimeout as delay } from 'node:timers/promises';
import type { Observer } from '../../src/index.js';
import { SLOW_REQUEST_MS } from './observer-harness.js';

/** What a route answers; each adapter's app writes it with its framework's own reply API. */
export interface RouteResult {
  readonly status: number;
  readonly body: unknown;
}

/** The templates every conformance app serves (the node:http app hands them to the observer). */
export const ROUTE_TEMPLATES = [
  '/users/:id',
  '/orders',
  '/form',
  '/slow',
  '/fail',
  '/throw',
  '/reject',
  '/log',
  '/child-span',
  '/concurrent',
  '/chunked',
  '/text',
  '/empty',
];

/** What GET /chunked writes, chunk by chunk, without a Content-Length: multi-byte characters on purpose. */
export const CHUNKED_BODY: readonly string[] = ['héllo, ', 'wörld ', '✓ done'];

/** What GET /text ends the response with, as one string without a Content-Length. */
export const TEXT_BODY = 'naïve café — ✓';

/**
 * Route bodies shared by the three apps, so the only thing that differs between adapters
 * is the framework glue. Each one logs through the observer, never through the framework.
 */
export class ConformanceRoutes {
  readonly #observer: Observer;

  constructor(observer: Observer) {
    this.#observer = observer;
  }

  getUser(id: string): RouteResult {
    this.#observer.logger.debug({ id }, 'loading user');
    this.#observer.logger.info({ id }, 'user loaded');
    return { status: 200, body: { id } };
  }

  createOrder(order: unknown): RouteResult {
    this.#observer.logger.info({ order }, 'order received');
    return { status: 201, body: order };
  }

  /** A form-encoded body, parsed by each framework's own means, answered back as JSON. */
  submitForm(fields: unknown): RouteResult {
    this.#observer.logger.debug('form received');
    return { status: 200, body: fields };
  }

  async slow(): Promise<RouteResult> {
    await delay(SLOW_REQUEST_MS + 50);
    return { status: 200, body: { slow: true } };
  }

  fail(): RouteResult {
    return { status: 503, body: { error: 'unavailable' } };
  }

  throwSync(): never {
    throw new Error('sync boom');
  }

  async reject(): Promise<never> {
    await delay(1);
    throw new Error('async boom');
  }

  /** Logs before and after an await, from a child logger and the root one; tags the user in between. */
  async log(): Promise<RouteResult> {
    this.#observer.logger.child({ component: 'conformance' }).info('before await');
    await delay(5);
    this.#observer.setUser('u-1');
    this.#observer.logger.debug('user tagged');
    this.#observer.logger.info('after await');
    return { status: 200, body: { logged: true } };
  }

  async childSpan(): Promise<RouteResult> {
    await this.#observer.span('child', async () => {
      this.#observer.logger.info('inside child span');
      await delay(2);
      this.#observer.logger.info('inside child span after await');
    });
    this.#observer.logger.info('after child span');
    return { status: 200, body: { span: 'child' } };
  }

  /** Logs the id the handler itself read off the request, after a random wait that interleaves requests. */
  async concurrent(headerRequestId: string | undefined): Promise<RouteResult> {
    await delay(Math.floor(Math.random() * 20));
    this.#observer.logger.info({ header_request_id: headerRequestId }, 'concurrent done');
    return { status: 200, body: { done: true } };
  }
}
