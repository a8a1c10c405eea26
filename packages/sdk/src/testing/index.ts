export type { ReadableSpan } from '@opentelemetry/sdk-trace';
export { eventually } from './eventually.js';
export { createTestObserver, type LogLine, type TestObserver } from './test-observer.js';
