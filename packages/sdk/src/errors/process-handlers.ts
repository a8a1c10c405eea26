import { inspect } from 'node:util';

/** Node's `--unhandled-rejections` modes (https://nodejs.org/api/cli.html#--unhandled-rejectionsmode). */
export type UnhandledRejectionsMode = 'throw' | 'strict' | 'warn' | 'none' | 'warn-with-error-code';

const MODES = new Set<string>(['throw', 'strict', 'warn', 'none', 'warn-with-error-code']);
const FLAG = '--unhandled-rejections';

function modeIn(args: readonly string[]): UnhandledRejectionsMode | undefined {
  let mode: UnhandledRejectionsMode | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const value = arg.startsWith(`${FLAG}=`) ? arg.slice(FLAG.length + 1) : arg === FLAG ? args[i + 1] : undefined;
    if (value !== undefined && MODES.has(value)) mode = value as UnhandledRejectionsMode;
  }
  return mode;
}

/** The mode this process runs with: the command line wins over NODE_OPTIONS; Node's default is `throw`. */
export function unhandledRejectionsMode(execArgv: readonly string[], nodeOptions: string | undefined): UnhandledRejectionsMode {
  return modeIn(execArgv) ?? modeIn(nodeOptions?.split(/\s+/) ?? []) ?? 'throw';
}

/** One observer's part in a crash: report the error, then flush everything it holds. */
export interface CrashReporter {
  captureCrash(error: unknown, mechanism: 'uncaughtException' | 'unhandledRejection'): void;
  /** Bounded (the observer's shutdownTimeoutMs). */
  shutdown(): Promise<void>;
}

const reporters = new Set<CrashReporter>();
let installed = false;
let crashing = false;
let mode: UnhandledRejectionsMode = 'throw';

/** Node prints an uncaught error and exits with 1; we do the same once every reporter has flushed. */
function crash(error: unknown): void {
  if (crashing) return;
  crashing = true;
  // Set first: should the loop empty while flushing, the process still exits with 1.
  process.exitCode = 1;
  process.stderr.write(`Uncaught ${inspect(error)}\n`);
  Promise.allSettled([...reporters].map((reporter) => reporter.shutdown())).finally(() => process.exit(1));
}

/** Marks our listeners, also those of another copy of the SDK in the same process. */
const kOurs = Symbol.for('sightline.processHandler');

/** A listener other than ours means the app chose what happens next (Sentry's onUncaughtException rule). */
function othersListen(event: 'uncaughtException' | 'unhandledRejection'): boolean {
  return (process.listeners(event as 'uncaughtException') as unknown[]).some(
    (listener) => (listener as unknown as Record<symbol, unknown>)[kOurs] !== true,
  );
}

function onUncaughtException(error: unknown, origin: string): void {
  const mechanism = origin === 'unhandledRejection' ? 'unhandledRejection' : 'uncaughtException';
  for (const reporter of reporters) reporter.captureCrash(error, mechanism);
  if (!othersListen('uncaughtException')) crash(error);
}

function onUnhandledRejection(reason: unknown): void {
  // strict: Node raised it as an uncaught exception first, and that handler reported it.
  if (mode === 'strict') return;
  for (const reporter of reporters) reporter.captureCrash(reason, 'unhandledRejection');
  if (othersListen('unhandledRejection')) return;
  // A listener turns Node's default `throw` into silence: do what `throw` would have done.
  if (mode === 'throw') crash(reason);
  else if (mode === 'warn-with-error-code') process.exitCode = 1;
}

Object.assign(onUncaughtException, { [kOurs]: true });
Object.assign(onUnhandledRejection, { [kOurs]: true });

/**
 * Reports uncaught exceptions and unhandled rejections, flushes, then keeps Node's semantics:
 * exit 1 after an uncaught exception; for a rejection, whatever `--unhandled-rejections` says
 * (`throw`, the default, exits 1 like an uncaught exception; `warn`/`none` only report;
 * `warn-with-error-code` sets the exit code). When the app has its own listener, we report
 * and leave the decision to it. Installed once per process for any number of observers;
 * the returned function removes this observer, and the listeners with the last one.
 */
export function installProcessHandlers(reporter: CrashReporter): () => void {
  reporters.add(reporter);
  if (!installed) {
    mode = unhandledRejectionsMode(process.execArgv, process.env.NODE_OPTIONS);
    process.on('uncaughtException', onUncaughtException);
    process.on('unhandledRejection', onUnhandledRejection);
    installed = true;
  }
  return () => {
    reporters.delete(reporter);
    // While crashing, the listeners stay: a second error must not fall back to Node's immediate exit mid-flush.
    if (reporters.size === 0 && installed && !crashing) {
      process.off('uncaughtException', onUncaughtException);
      process.off('unhandledRejection', onUnhandledRejection);
      installed = false;
    }
  };
}
