import { describe, expect, it } from 'vitest';
import { chartUnits, readableUnit } from '../ui/src/components/metric-unit.js';

describe('readableUnit', () => {
  it('writes UCUM annotations without their braces and the dimensionless 1 as no unit', () => {
    expect(readableUnit('{request}')).toBe('request');
    expect(readableUnit('{job}/s')).toBe('job/s');
    expect(readableUnit('1')).toBeUndefined();
    expect(readableUnit('{}')).toBeUndefined();
    expect(readableUnit('')).toBeUndefined();
    expect(readableUnit(null)).toBeUndefined();
    expect(readableUnit('ms')).toBe('ms');
    expect(readableUnit('By')).toBe('By');
  });
});

describe('chartUnits', () => {
  it('keeps a stored unit for the values and the exemplars alike', () => {
    expect(chartUnits('http.server.request.duration', 's')).toEqual({ values: 's', exemplars: 's' });
    expect(chartUnits('payments.charged', 'USD')).toEqual({ values: 'USD', exemplars: 'USD' });
    expect(chartUnits('latency_seconds_bucket', 'ms')).toEqual({ values: 'ms', exemplars: 'ms' });
    expect(chartUnits('jobs.processed', '{job}')).toEqual({ values: 'job', exemplars: 'job' });
    expect(chartUnits('cpu.utilization', '1')).toEqual({ values: undefined, exemplars: undefined });
  });

  it("reads a scraped histogram's unit from its name: exemplars in seconds, bucket and count samples as counts", () => {
    expect(chartUnits('http_server_request_duration_seconds_bucket', null)).toEqual({ values: undefined, exemplars: 's' });
    expect(chartUnits('http_server_request_duration_seconds_count', null)).toEqual({ values: undefined, exemplars: 's' });
    expect(chartUnits('http_server_request_duration_seconds_sum', null)).toEqual({ values: 's', exemplars: 's' });
    expect(chartUnits('response_size_bytes_bucket', '')).toEqual({ values: undefined, exemplars: 'By' });
  });

  it('reads gauges and counters whose names end in a base unit', () => {
    expect(chartUnits('process_resident_memory_bytes', null)).toEqual({ values: 'By', exemplars: 'By' });
    expect(chartUnits('process_cpu_seconds_total', null)).toEqual({ values: 's', exemplars: 's' });
    expect(chartUnits('scrape_duration_seconds', undefined)).toEqual({ values: 's', exemplars: 's' });
  });

  it('states no unit for a name without one, nor for a word that merely ends like one', () => {
    expect(chartUnits('jobs_waiting', null)).toEqual({ values: undefined, exemplars: undefined });
    expect(chartUnits('orders_total', null)).toEqual({ values: undefined, exemplars: undefined });
    expect(chartUnits('up', null)).toEqual({ values: undefined, exemplars: undefined });
    expect(chartUnits('rpc_latency_microseconds', null)).toEqual({ values: undefined, exemplars: undefined });
  });
});
