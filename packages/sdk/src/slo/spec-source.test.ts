import { parseSloSpec } from '@sightline/slo';
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../config/index.js';
import { createObserver } from '../observer/index.js';
import { SightlineConfigError } from '../sightline-error/index.js';
import { loadSloSpec } from './spec-source.js';

const defaults = { serviceName: 'orders-api', prefix: '', durationBuckets: [0.1, 0.25, 0.5, 1] };
const files = (texts: Record<string, string>) => (path: string) => {
  const text = texts[path];
  if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
  return text;
};
const problemsOf = (run: () => unknown): readonly string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof SightlineConfigError) return error.issues;
    throw error;
  }
  throw new Error('no SightlineConfigError thrown');
};
const options = (slo: object) => resolveOptions({ slo }, {}).slo;

const ORDERS =
  'version: sightline/v1\nservice: orders-api\nslos:\n  - { name: availability, objective: 99.9, sli: { availability: {} } }\n';
const PAYMENTS =
  'version: sightline/v1\nservice: payments\nslos:\n  - { name: availability, objective: 99.95, sli: { availability: {} } }\n';

describe('loadSloSpec', () => {
  it('is undefined when no SLO is configured', () => {
    expect(loadSloSpec(options({}), defaults)).toBeUndefined();
  });

  it("builds inline objectives into a spec of the observer's service, with its duration buckets", () => {
    const spec = loadSloSpec(
      options({ objectives: [{ name: 'latency', objective: 99, sli: { latency: { threshold: 0.25 } } }] }),
      defaults,
    );
    expect(spec?.service).toBe('orders-api');
    expect(spec?.slos[0]).toMatchObject({ id: 'orders-api-latency', window: { text: '30d' }, sli: { kind: 'latency', threshold: 0.25 } });
  });

  it('names the bad inline field by its option path', () => {
    const load = (objectives: object[]) => problemsOf(() => loadSloSpec(options({ objectives }), defaults));
    expect(load([{ name: 'a', objective: 100, sli: { availability: {} } }])).toEqual([
      'slo.objectives[0].objective: must be below 100: a 100 % objective leaves no error budget',
    ]);
    expect(problemsOf(() => loadSloSpec(options({ objectives: [{}] }), { ...defaults, serviceName: 'unknown_service:node' }))[0]).toMatch(
      /^serviceName "unknown_service:node" cannot name the service of slo\.objectives: use letters, digits.*; set serviceName$/,
    );
    // The buckets are the observer's metrics.durationBuckets.
    expect(
      load([
        { name: 'a', objective: 99, sli: { availability: {} } },
        { name: 'b', objective: 99, sli: { latency: { threshold: 0.3 } } },
      ])[0],
    ).toMatch(
      /^slo\.objectives\[1\]\.sli\.latency\.threshold: 0\.3 s is not a bucket boundary of the request duration histogram \(0\.1, 0\.25, 0\.5, 1\)/,
    );
  });

  it("reads a spec file, and picks this service's spec from a file of several", () => {
    const read = files({ '/one.yaml': PAYMENTS, '/two.yaml': `${PAYMENTS}---\n${ORDERS}` });
    expect(loadSloSpec(options({ spec: '/one.yaml' }), defaults, read)?.service).toBe('payments');
    expect(loadSloSpec(options({ spec: '/two.yaml' }), defaults, read)?.service).toBe('orders-api');
    const other = { ...defaults, serviceName: 'carts' };
    expect(problemsOf(() => loadSloSpec(options({ spec: '/two.yaml' }), other, read))[0]).toMatch(
      /holds specs of "payments", "orders-api", none for serviceName "carts"/,
    );
  });

  it('reports a missing file and a bad spec file with the file name and the field path', () => {
    const read = files({ '/bad.yaml': ORDERS.replace('99.9', '120') });
    expect(problemsOf(() => loadSloSpec(options({ spec: '/missing.yaml' }), defaults, read))).toEqual([
      "slo.spec: cannot read /missing.yaml: ENOENT: no such file or directory, open '/missing.yaml'",
    ]);
    expect(problemsOf(() => loadSloSpec(options({ spec: '/bad.yaml' }), defaults, read))[0]).toMatch(
      /^slo\.spec \(\/bad\.yaml\): slos\[0\]\.objective: must be below 100/,
    );
  });

  it('takes a spec object as written in the file, or as parseSloSpec returned it', () => {
    const written = {
      version: 'sightline/v1',
      service: 'orders-api',
      slos: [{ name: 'availability', objective: 99.5, sli: { availability: {} } }],
    };
    expect(loadSloSpec(options({ spec: written }), defaults)?.slos[0]?.objective).toBe(99.5);
    const parsed = parseSloSpec(written);
    expect(loadSloSpec(options({ spec: parsed }), defaults)).toBe(parsed);
    expect(problemsOf(() => loadSloSpec(options({ spec: { ...written, version: 'v2' } }), defaults))[0]).toMatch(/^slo\.spec: version:/);
  });

  it('refuses a spec and objectives together, and fails createObserver before it opens anything', () => {
    expect(() => resolveOptions({ slo: { spec: '/x.yaml', objectives: [{}] } }, {})).toThrow(
      /slo\.objectives: give slo\.spec or slo\.objectives, not both/,
    );
    expect(() => createObserver({ env: {}, registerGlobal: false, slo: { spec: '/definitely/missing.slo.yaml' } })).toThrow(
      SightlineConfigError,
    );
  });
});
