export type { ReadableSpan } from '@opentelemetry/sdk-trace';
export { type EventuallyOptions, eventually } from './eventually.js';
export { createTestObserver, type LogLine, type TestObserver } from './test-observer.js';
