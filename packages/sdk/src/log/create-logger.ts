import { hostname } from 'node:os';
import { type Context, context } from '@opentelemetry/api';
import { type LogFn, type Logger, pino } from 'pino';
import { LOG_LEVELS, type LogLevel, type ResolvedLogOptions } from '../config/index.js';
import { SightlineConfigError } from '../sightline-error/index.js';
import { contextMixin } from './context-mixin.js';
import { createLogOutput, type LogOutput, type ManagedLogStream } from './destinations.js';
import { createDirectLineWriter, type DirectLineWriter } from './direct-line.js';
import { createRedaction } from './redaction.js';
import { LogSampler } from './sampling.js';

/** Set on loggers whose lines are records, not chatter (the access log): never sampled. */
const kSamplingExempt = Symbol('sightline.samplingExempt');
const NO_MIXIN = Object.freeze({});

export interface LoggerSetup {
  readonly logger: Logger;
  /** Child used by the HTTP middleware for access lines; follows level changes, bypasses sampling. */
  readonly accessLogger: Logger;
  readonly output: LogOutput;
  setLevel(level: LogLevel): void;
  /**
   * Writes access lines with these keys and messages without pino's per-line work, when pino
   * would write the same bytes (no redaction of those keys, a plain destination); else undefined.
   */
  directAccessLines(keys: readonly string[], messages: readonly string[]): DirectLineWriter | undefined;
}

export interface LoggerSetupOptions {
  readonly serviceName: string;
  readonly log: ResolvedLogOptions;
  readonly pretty: boolean;
  readonly extraStreams?: readonly ManagedLogStream[];
  /** Called for every failed write of a log destination (its lines are dropped). */
  readonly onWriteError?: (error: Error) => void;
  /** Called with the pino level label of every line dropped by sampling. */
  readonly onSampledOut?: (level: string) => void;
  /** Scoped debug (debug/debug-toggle.ts); given only when the debug server is on. */
  readonly levelGate?: LevelGate;
  /**
   * Sees every line at an enabled level (but not the access logger's records) before sampling,
   * with the context the line is written in: the observer hands error breadcrumbs in here.
   */
  readonly lineTap?: LineTap;
}

/** pino's `logMethod` arguments and level, and the active context of the line. */
export type LineTap = (args: readonly unknown[], level: number, active: Context) => void;

/**
 * Lets lines below `floor` through only where `allows` says so: the debug toggle lowers the
 * pino level for one route or user and gates every other line back to the old level. With
 * `floor` 0 (no scoped toggle on) it costs one comparison per written line.
 */
export interface LevelGate {
  readonly floor: number;
  /** `recordLogger`: the line comes from the access logger (no request context, ids in the line). */
  allows(mergeObject: unknown, recordLogger: boolean): boolean;
}

const OPEN_GATE: LevelGate = { floor: 0, allows: () => true };
const isSamplingExempt = (instance: Logger) => (instance as unknown as Record<symbol, unknown>)[kSamplingExempt] === true;

/** The mixin and `logMethod` hook pino calls for every line: request fields, gate, line tap, sampling. */
function createLineHooks(options: LoggerSetupOptions) {
  const sampling = options.log.sampling === false ? undefined : new LogSampler(options.log.sampling);
  const onSampledOut = options.onSampledOut ?? (() => {});
  const gate = options.levelGate ?? OPEN_GATE;
  const lineTap = options.lineTap;
  // The logMethod hook reads the active context for the line tap and hands it to the mixin,
  // which runs synchronously inside the same call: one AsyncLocalStorage read per line, not two.
  let lineContext: Context | undefined;

  // The access logger writes the ids itself (its line is written on the response's close
  // event, outside the request's context), so its lines skip the mixin and the merge copy.
  const mixin = (_mergeObject: object, _level: number, instance: Logger) => {
    if (isSamplingExempt(instance)) return NO_MIXIN;
    const active = lineContext ?? context.active();
    lineContext = undefined;
    return contextMixin(active);
  };
  if (sampling === undefined && options.levelGate === undefined && lineTap === undefined) return { mixin, hooks: {} };
  return {
    mixin,
    hooks: {
      logMethod(this: Logger, args: Parameters<LogFn>, method: LogFn, level: number) {
        // The access logger's lines are records: exempt from the line tap and sampling.
        const exempt = isSamplingExempt(this);
        // Debug toggle gate (scoped mode); floor is 0 while no scoped toggle is on.
        if (level < gate.floor && !gate.allows(args[0], exempt)) return;
        // Before sampling, so a sampled-out line still explains its request's error (breadcrumbs).
        if (lineTap !== undefined && !exempt) {
          lineContext = context.active();
          lineTap(args, level, lineContext);
        }
        if (sampling !== undefined && level < 60 && !exempt) {
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
  };
}

export function createLoggerSetup(options: LoggerSetupOptions): LoggerSetup {
  const { log } = options;
  const output = createLogOutput(log.destinations, options.pretty, options.extraStreams, options.onWriteError);
  const redaction = createRedaction(log.redact);
  const { mixin, hooks } = createLineHooks(options);

  const logger = pino(
    {
      level: log.level,
      base: { pid: process.pid, hostname: hostname(), service: options.serviceName },
      mixin,
      mixinMergeStrategy: (mergeObject: object, mixinObject: object) =>
        mixinObject === NO_MIXIN ? mergeObject : Object.assign(mixinObject, mergeObject),
      ...(redaction.paths ? { redact: redaction.paths } : {}),
      ...(redaction.censorKeys ? { formatters: { log: redaction.censorKeys } } : {}),
      serializers: { err: redaction.serializeError, error: redaction.serializeError },
      hooks,
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
    directAccessLines: (keys, messages) => createDirectLineWriter(accessLogger, options.levelGate ?? OPEN_GATE, keys, messages),
  };
}
