export { type ConsoleLog, createConsoleLog, type LineWriter, writeConsoleLine } from './console-log.js';
export { DEFAULT_LOG_LEVEL, LOG_LEVELS, type LogLevel } from './log-level.js';
