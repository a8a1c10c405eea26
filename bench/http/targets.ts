/** Issue 12's targets: added CPU of a Sightline mode over the added CPU of a comparison variant. */
export const TARGETS: Readonly<Record<string, { readonly of: string; readonly ratio: number }>> = {
  'sightline-full-100': { of: 'assembled', ratio: 0.25 },
  'sightline-full-10': { of: 'assembled', ratio: 0.15 },
  'sightline-logs-metrics': { of: 'pino-http', ratio: 0.7 },
};
