/**
 * What a user's shell gives `node`: no NODE_OPTIONS (which could carry `--import tsx` or
 * `--conditions`), and none of the variables Sightline reads, so the machine cannot steer it.
 */
export function plainEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key !== 'NODE_OPTIONS' && !key.startsWith('OTEL_') && !key.startsWith('SIGHTLINE_') && !key.startsWith('VITEST')) env[key] = value;
  }
  return env;
}
