import { z } from 'zod';
import { SightlineConfigError } from '../sightline-error/index.js';
import { type HealthCheck, PROBES, type Probe } from './types.js';

/** Names become JSON keys and metric label values: short, no spaces or quotes. */
const CHECK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$/;

const checkSchema = z
  .object({
    name: z.string().regex(CHECK_NAME, 'name must be 1-64 letters, digits or _ . : / - (starting with a letter or digit)'),
    check: z.custom<HealthCheck['check']>((value) => typeof value === 'function', 'check must be a function (signal) => outcome'),
    critical: z.boolean().optional(),
    timeoutMs: z.number().int().positive().optional(),
    intervalMs: z.number().int().nonnegative().optional(),
    probes: z.array(z.enum(PROBES as [Probe, ...Probe[]])).optional(),
    close: z.custom<() => unknown>((value) => typeof value === 'function', 'close must be a function').optional(),
  })
  .strict();

/** A check with every setting filled in, as the registry runs it. */
export interface CheckDefinition {
  readonly name: string;
  readonly check: HealthCheck['check'];
  readonly critical: boolean;
  readonly timeoutMs: number;
  readonly intervalMs: number;
  readonly probes: ReadonlySet<Probe>;
  readonly close: (() => unknown) | undefined;
}

export interface CheckDefaults {
  readonly timeoutMs: number;
  readonly intervalMs: number;
}

/** Validates a check once, at register(); every problem is named in one SightlineConfigError. */
export function defineCheck(input: HealthCheck, defaults: CheckDefaults): CheckDefinition {
  const parsed = checkSchema.safeParse(input);
  if (!parsed.success) {
    const label = typeof (input as { name?: unknown } | null)?.name === 'string' ? ` "${input.name}"` : '';
    throw new SightlineConfigError(
      parsed.error.issues.map((issue) => `health check${label} ${issue.path.join('.') || '(check)'}: ${issue.message}`),
    );
  }
  const check = parsed.data;
  return {
    name: check.name,
    check: check.check,
    critical: check.critical ?? true,
    timeoutMs: check.timeoutMs ?? defaults.timeoutMs,
    intervalMs: check.intervalMs ?? defaults.intervalMs,
    probes: new Set(check.probes ?? ['ready']),
    close: check.close,
  };
}
