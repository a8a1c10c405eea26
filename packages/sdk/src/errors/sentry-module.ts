import { createRequire } from 'node:module';
import { SightlineConfigError } from '../sightline-error/index.js';

declare const kSentryModule: unique symbol;

/**
 * `@sentry/node`, loaded. Opaque outside sentry-sink.ts (which reads it with the package's own
 * types): the declarations the SDK publishes never name the package, so a TypeScript app that
 * does not use Sentry type-checks without it installed (an optional peer), `skipLibCheck` or not.
 */
export interface SentryModule {
  readonly [kSentryModule]: true;
}

/**
 * Loads `@sentry/node` (an optional peer dependency) synchronously, so createObserver() stays
 * synchronous, and only when a DSN is set. `from` is where resolution starts (tests point it
 * at a directory without the package).
 */
export function loadSentry(from: string = import.meta.url): SentryModule {
  try {
    return createRequire(from)('@sentry/node') as SentryModule;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
      throw new SightlineConfigError(
        ['errors.sentry.dsn (or SENTRY_DSN) is set, but @sentry/node is not installed: run `npm install @sentry/node`, or unset the DSN'],
        'SL_PEER_DEPENDENCY_MISSING',
      );
    }
    throw error;
  }
}
