import { z } from 'zod';
import { SightlineConfigError } from '../../sightline-error/index.js';
import type { HealthStatus } from '../types.js';

/** The CheckSettings every checker passes through to register(), which validates them. */
export const settingsShape = {
  name: z.string().optional(),
  critical: z.unknown().optional(),
  timeoutMs: z.unknown().optional(),
  intervalMs: z.unknown().optional(),
  probes: z.unknown().optional(),
};

export const ratio = z.number().gt(0, 'must be within (0, 1]').max(1, 'must be within (0, 1]');

/** Validates a checker's own options once, at creation; every problem in one SightlineConfigError. */
export function parseCheckerOptions<S extends z.ZodType>(checker: string, schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw new SightlineConfigError(parsed.error.issues.map((issue) => `${checker} ${issue.path.join('.') || 'options'}: ${issue.message}`));
}

/** healthy below `degradedAt`, degraded from it, unhealthy from `unhealthyAt` when one is set. */
export function classify(value: number, degradedAt: number, unhealthyAt: number | undefined): HealthStatus {
  if (unhealthyAt !== undefined && value >= unhealthyAt) return 'unhealthy';
  return value >= degradedAt ? 'degraded' : 'healthy';
}

export function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
