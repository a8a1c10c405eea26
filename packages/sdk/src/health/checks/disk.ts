import { statfs } from 'node:fs/promises';
import { z } from 'zod';
import { SightlineConfigError } from '../../sightline-error/index.js';
import type { CheckOutcome, CheckSettings, HealthCheck } from '../types.js';
import { classify, parseCheckerOptions, percent, ratio, settingsShape } from './checker-options.js';

export interface DiskSpaceCheckOptions extends CheckSettings {
  /** Default `disk`. */
  readonly name?: string;
  /** A path on the filesystem to watch; default the working directory. */
  readonly path?: string;
  /** Share of the filesystem in use from which the check is degraded; default 0.9. */
  readonly degradedRatio?: number;
  /** Share from which it is unhealthy; default none. */
  readonly unhealthyRatio?: number;
  /** Also degraded when fewer bytes than this are available; default none. */
  readonly minFreeBytes?: number;
}

const optionsSchema = z
  .object({
    ...settingsShape,
    path: z.string().min(1).optional(),
    degradedRatio: ratio.optional(),
    unhealthyRatio: ratio.optional(),
    minFreeBytes: z.number().int().nonnegative().optional(),
  })
  .strict();

/** Free space of one filesystem (fs.statfs): space available to this unprivileged process, not root's reserve. */
export function diskSpaceCheck(options: DiskSpaceCheckOptions = {}): HealthCheck {
  const parsed = parseCheckerOptions('diskSpaceCheck', optionsSchema, options);
  const { name = 'disk', path = process.cwd(), degradedRatio = 0.9, unhealthyRatio, minFreeBytes, ...settings } = parsed;
  if (unhealthyRatio !== undefined && unhealthyRatio < degradedRatio) {
    throw new SightlineConfigError(['diskSpaceCheck unhealthyRatio: must not be below degradedRatio']);
  }
  return {
    ...(settings as CheckSettings),
    name,
    async check(): Promise<CheckOutcome> {
      const stats = await statfs(path);
      const total = stats.blocks * stats.bsize;
      const available = stats.bavail * stats.bsize;
      const usedRatio = stats.blocks === 0 ? 0 : 1 - stats.bavail / stats.blocks;
      let status = classify(usedRatio, degradedRatio, unhealthyRatio);
      if (status === 'healthy' && minFreeBytes !== undefined && available < minFreeBytes) status = 'degraded';
      const details = { path, total_bytes: total, available_bytes: available, used_ratio: Math.round(usedRatio * 1000) / 1000 };
      if (status === 'healthy') return { status, details };
      return { status, message: `${path}: ${percent(usedRatio)} in use, ${available} bytes available`, details };
    },
  };
}
