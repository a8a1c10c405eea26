import { hostname } from 'node:os';
import { type LogFn, type Logger, pino, stdSerializers } from 'pino';
import { SightlineConfigError } from '../config/errors.js';
import type { LogLevel, ResolvedLogOptions } from '../config/schema.js';
import { contextMixin } from './context-mixin.js';
import { createLogOutput, type LogOutput, type ManagedLogStream } from './destinations.js';
import { createRedaction } from './redaction.js';
import { LogSampler } from './sampling.js';

/** Set on loggers whose lines are records, not chatter (the access log): never sampled. */
const kSamplingExempt = Symbol('sightline.samplingExempt');
const NO_MIXIN = Object.freeze({});

export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface LoggerSetup {
  readonly logger: Logger;
  /** Child used by the HTTP middleware for access lines; follows level changes, bypasses sampling. */
  readonly accessLogger: Logger;
  readonly output: LogOutput;
  setLevel(level: LogLevel): void;
}

export interface LoggerSetupOptions {
  readonly serviceName: string;
  readonly log: ResolvedLogOptions;
  readonly pretty: boolean;
  readonly extraStreams?: readonly ManagedLogStream[];
  /** Called with the pino level label of every line dropped by sampling. */
  readonly onSampledOut?: (level: string) => void;
}

export function createLoggerSetup(options: LoggerSetupOptions): LoggerSetup {
  const { log } = options;
  const output = createLogOutput(log.destinations, options.pretty, options.extraStreams);
  const redaction = createRedaction(log.redact);
  const sampling = log.sampling === false ? undefined : new LogSampler(log.sampling);
  const onSampledOut = options.onSampledOut ?? (() => {});

  const logger = pino(
    {
      level: log.level,
      base: { pid: process.pid, hostname: hostname(), service: options.serviceName },
      // The access logger writes the ids itself (its line is written on the response's close
      // event, outside the request's context), so its lines skip the mixin and the merge copy.
      mixin: (_mergeObject: object, _level: number, instance: Logger) =>
        (instance as unknown as Record<symbol, unknown>)[kSamplingExempt] === true ? NO_MIXIN : contextMixin(),
      mixinMergeStrategy: (mergeObject: object, mixinObject: object) =>
        mixinObject === NO_MIXIN ? mergeObject : Object.assign(mixinObject, mergeObject),
      ...(redaction.paths ? { redact: redaction.paths } : {}),
      ...(redaction.censorKeys ? { formatters: { log: redaction.censorKeys } } : {}),
      serializers: { err: stdSerializers.errWithCause, error: stdSerializers.errWithCause },
      hooks:
        sampling === undefined
          ? {}
          : {
              logMethod(this: Logger, args: Parameters<LogFn>, method: LogFn, level: number) {
                if (level < 60 && (this as unknown as Record<symbol, unknown>)[kSamplingExempt] !== true) {
                  const first = args[0];
                  const message = typeof first === 'string' ? first : typeof args[1] === 'string' ? args[1] : '';
                  if (!sampling.keep(level, message)) {
                    onSampledOut(this.levels.labels[level] ?? String(level));
                    return;
                  }
                }
                return method.apply(this, args);
              },
            },
    },
    output.stream,
  );

  const accessLogger = logger.child({});
  (accessLogger as unknown as Record<symbol, unknown>)[kSamplingExempt] = true;

  return {
    logger,
    accessLogger,
    output,
    setLevel(level: LogLevel) {
      if (!LOG_LEVELS.includes(level)) {
        throw new SightlineConfigError([`log level "${String(level)}" is not one of ${LOG_LEVELS.join(', ')}`]);
      }
      logger.level = level;
      accessLogger.level = level;
    },
  };
}
