import { z } from 'zod';
import { SightlineConfigError } from '../sightline-error/index.js';

/** Per-server drain settings; unset ones come from the observer's `shutdown` options. */
export interface DrainOptions {
  /** After the signal, readiness fails at once but the server keeps accepting this long. */
  readonly delayMs?: number;
  /** Bound on waiting for in-flight requests once the server stopped accepting. */
  readonly drainTimeoutMs?: number;
}

export interface ServeOptions extends DrainOptions {
  /** Signals that start the graceful shutdown; default SIGTERM and SIGINT. */
  readonly signals?: readonly NodeJS.Signals[];
  /**
   * What happens once shutdown finished: true (default) calls process.exit(code), false
   * leaves the process be, a function receives the code (0, or 1 when the drain timed out or
   * a shutdown hook failed).
   */
  readonly exit?: boolean | ((code: number) => void);
}

const drainShape = {
  delayMs: z.number().int().nonnegative().optional(),
  drainTimeoutMs: z.number().int().positive().optional(),
};

const drainSchema = z.object(drainShape).strict();

const serveSchema = z
  .object({
    ...drainShape,
    signals: z.array(z.string().regex(/^SIG[A-Z0-9]+$/, 'expected a signal name such as SIGTERM')).optional(),
    exit: z.union([z.boolean(), z.custom<(code: number) => void>((value) => typeof value === 'function')]).optional(),
  })
  .strict();

function parse<S extends z.ZodType>(api: string, schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw new SightlineConfigError(parsed.error.issues.map((issue) => `${api} ${issue.path.join('.') || 'options'}: ${issue.message}`));
}

export function parseDrainOptions(input: DrainOptions | undefined): DrainOptions {
  return parse('observer.attachServer', drainSchema, input);
}

export function parseServeOptions(input: ServeOptions | undefined): ServeOptions {
  return parse('observer.serve', serveSchema, input) as ServeOptions;
}
