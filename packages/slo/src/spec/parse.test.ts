import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { SloSpecError } from './errors.js';
import { parseSloSpecs } from './parse.js';

const base = {
  version: 'sightline/v1',
  service: 'orders-api',
  slos: [{ name: 'availability', objective: 99.9, sli: { availability: { routes: ['/orders'] } } }],
};

function problemsOf(value: unknown): string[] {
  try {
    parseSloSpecs(typeof value === 'string' ? value : stringify(value), { source: 'orders.slo.yaml' });
  } catch (error) {
    expect(error).toBeInstanceOf(SloSpecError);
    expect((error as SloSpecError).code).toBe('SL_SLO_SPEC_INVALID');
    expect((error as Error).message).toMatch(/^orders\.slo\.yaml: invalid SLO spec/);
    return [...(error as SloSpecError).problems];
  }
  throw new Error('expected the spec to be refused');
}

const withSlo = (slo: Record<string, unknown>) => ({ ...base, slos: [{ ...base.slos[0], ...slo }] });

describe('parseSloSpecs', () => {
  it('reads a sightline spec with defaults filled in', () => {
    const [spec] = parseSloSpecs(stringify(base));
    expect(spec!.metrics.selector).toEqual({ job: 'orders-api' });
    const slo = spec!.slos[0]!;
    expect(slo).toMatchObject({ id: 'orders-api-availability', objective: 99.9, window: { text: '30d', seconds: 2_592_000 } });
    expect(slo.sli).toEqual({ kind: 'availability', routes: ['/orders'], methods: [] });
    expect(slo.alerting).toMatchObject({ name: 'OrdersApiAvailability', page: { disable: false }, ticket: { disable: false } });
  });

  it('names the path of an objective out of range', () => {
    expect(problemsOf(withSlo({ objective: 100 }))).toEqual([
      'slos[0].objective: must be below 100: a 100 % objective leaves no error budget',
    ]);
    expect(problemsOf(withSlo({ objective: 0 }))[0]).toMatch(/^slos\[0\]\.objective: must be above 0/);
    expect(problemsOf(withSlo({ objective: '99.9' }))[0]).toMatch(/^slos\[0\]\.objective: must be a number/);
    expect(problemsOf(withSlo({ objective: 0.995 }))).toEqual([
      'slos[0].objective: is a percent: below 1 it reads as a ratio (write 99.5 for 99.5 %, not 0.995)',
    ]);
  });

  it('refuses an unknown window', () => {
    for (const window of ['5d', '1y', '30 days', '100d']) {
      expect(problemsOf(withSlo({ window }))).toEqual([
        'slos[0].window: unknown window: use whole days or weeks from 7d to 90d, such as 28d, 30d or 4w',
      ]);
    }
    expect(parseSloSpecs(stringify(withSlo({ window: '4w' })))[0]!.slos[0]!.window.seconds).toBe(28 * 86_400);
  });

  it('refuses a latency threshold that is no bucket boundary, naming the buckets', () => {
    const [problem] = problemsOf(withSlo({ sli: { latency: { threshold: 0.3 } } }));
    expect(problem).toMatch(/^slos\[0\]\.sli\.latency\.threshold: 0\.3 s is not a bucket boundary .*\(0\.005, 0\.01, .*, 10\)/);
    const custom = { ...withSlo({ sli: { latency: { threshold: 0.3 } } }), metrics: { duration_buckets: [0.1, 0.3, 1] } };
    expect(parseSloSpecs(stringify(custom))[0]!.slos[0]!.sli).toEqual({ kind: 'latency', threshold: 0.3, routes: [], methods: [] });
  });

  it('reports every problem at once, with paths, and unknown fields by name', () => {
    const problems = problemsOf({
      ...base,
      colour: 'blue',
      slos: [
        { name: 'a', objective: 101, sli: { availability: {} }, alerting: { runbook_url: 'not a url' } },
        { name: 'b', objective: 99, sli: { events: { error_query: 'sum(rate(x[5m]))', total_query: 'sum(rate(y[{{.window}}]))' } } },
        { name: 'c', objective: 99, sli: { availability: {}, latency: { threshold: 1 } } },
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        '(root): unknown field "colour"',
        expect.stringMatching(/^slos\[0\]\.objective: /),
        expect.stringMatching(/^slos\[0\]\.alerting\.runbook_url: /),
        'slos[1].sli.events.error_query: must contain the {{.window}} placeholder, e.g. rate(x[{{.window}}])',
        'slos[2].sli: needs exactly one of availability, latency, events, raw',
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it("says a field's mistake in the words of a YAML file: required, the kind it must be, a label name's rule", () => {
    const text = [
      'version: sightline/v1',
      'service: inventory',
      'labels: { team-name: x, tier: 1 }',
      'slos:',
      '  - name: availability',
      '    objectve: 99.5',
      '    window: 28',
      '    sli: { availability: { routes: /items } }',
      '  - name: latency',
      '    objective: 99',
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      'labels.team-name: is not a Prometheus label name',
      'labels.tier: must be text, not a number (quote it: "1")',
      'slos[0].objective: is required: it must be a number (a percent such as 99.9)',
      'slos[0].window: must be text, not a number (quote it: "28")',
      'slos[0].sli.availability.routes: must be a list, not text',
      'slos[0]: unknown field "objectve"',
      'slos[1].sli: is required (a map)',
    ]);
  });

  it('refuses two SLOs of one name and a version it does not know', () => {
    expect(problemsOf({ ...base, slos: [base.slos[0], base.slos[0]] })).toEqual(['slos[1].name: "availability" is used by an earlier SLO']);
    expect(problemsOf({ ...base, version: 'v2' })).toEqual(['version: expected one of "sightline/v1", "prometheus/v1", got "v2"']);
  });

  it('reports YAML syntax errors and empty files', () => {
    expect(problemsOf('service: [unclosed')[0]).toMatch(/^YAML: /);
    expect(problemsOf('')).toEqual(['no SLO spec found (an empty file?)']);
  });

  it('takes Sloth specs, refusing plugin SLIs and alerts without a name', () => {
    const sloth = {
      version: 'prometheus/v1',
      service: 'myapp',
      slos: [
        {
          name: 'http',
          objective: 99.5,
          sli: { events: { error_query: 'sum(rate(e[{{.window}}]))', total_query: 'sum(rate(t[{{.window}}]))' } },
          alerting: { name: 'MyappHttp' },
        },
      ],
    };
    expect(parseSloSpecs(stringify(sloth))[0]!.slos[0]!.sli).toEqual({
      kind: 'events',
      errorQuery: 'sum(rate(e[{{.window}}]))',
      totalQuery: 'sum(rate(t[{{.window}}]))',
    });
    const plugin = { ...sloth, slos: [{ ...sloth.slos[0], sli: { plugin: { id: 'sloth-common/kubernetes/apiserver/availability' } } }] };
    expect(problemsOf(plugin)).toEqual([
      'slos[0].sli: plugin SLIs run Sloth Go plugins, which sightline does not: write the queries as sli.events',
    ]);
    const unnamed = { ...sloth, slos: [{ ...sloth.slos[0], alerting: {} }] };
    expect(problemsOf(unnamed)).toEqual([
      'slos[0].alerting.name: name is required while the page or ticket alert is enabled (as in Sloth)',
    ]);
  });

  it('prefixes problems with the document number in multi-document files', () => {
    const text = `${stringify(base)}---\n${stringify({ ...base, service: 'payments', slos: [{ ...base.slos[0], objective: 120 }] })}`;
    expect(problemsOf(text)[0]).toMatch(/^document 2: slos\[0\]\.objective: /);
  });
});
