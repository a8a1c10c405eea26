import { describe, expect, it } from 'vitest';
import { userCwd } from './io.js';

describe('userCwd', () => {
  it("takes npm's INIT_CWD under this repository's `npm run sightline` (run from the root, typed elsewhere)", () => {
    const env = { npm_lifecycle_event: 'sightline', npm_package_name: 'sightline', INIT_CWD: '/repo/examples/orders-api' };
    expect(userCwd(env, '/repo')).toBe('/repo/examples/orders-api');
  });

  it("keeps the process's own directory anywhere else: an installed CLI, an app's own npm script", () => {
    expect(userCwd({}, '/work/app')).toBe('/work/app');
    expect(userCwd({ npm_lifecycle_event: 'slo:check', npm_package_name: 'shop', INIT_CWD: '/work' }, '/work/app')).toBe('/work/app');
    expect(userCwd({ npm_lifecycle_event: 'sightline', npm_package_name: 'sightline' }, '/repo')).toBe('/repo');
  });
});
