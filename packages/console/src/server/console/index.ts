export type { LogLevel } from '../log/index.js';
export {
  ConsoleConfigError,
  type ConsoleOptions,
  DEFAULT_OTLP_PORT,
  DEFAULT_UI_PORT,
} from './console-options.js';
export { type RunningConsole, startConsole } from './start-console.js';
