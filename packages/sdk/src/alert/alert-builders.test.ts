import { describe, expect, it } from 'vitest';
import { highErrorRateAlert, serviceDownAlert } from './alert-builders.js';
import { SightlineAlertError } from './alert-errors.js';
import { toPostableAlerts } from './alert-input.js';

describe('highErrorRateAlert', () => {
  it('labels the alert by service and route and puts the figures in annotations', () => {
    const alert = highErrorRateAlert({
      service: 'checkout',
      route: '/orders/:id',
      method: 'GET',
      errorRate: 0.125,
      threshold: 0.05,
      window: '5m',
      runbookUrl: 'https://runbooks.example.com/high-error-rate',
    });
    expect(alert).toEqual({
      labels: { alertname: 'HighErrorRate', severity: 'warning', service: 'checkout', route: '/orders/:id', method: 'GET' },
      annotations: {
        summary: 'High error rate on checkout GET /orders/:id',
        description: '12.5 % of requests failed over the last 5m, above the 5 % threshold.',
        error_rate: '0.125',
        threshold: '0.05',
        window: '5m',
        runbook_url: 'https://runbooks.example.com/high-error-rate',
      },
    });
    expect(() => toPostableAlerts([alert], {})).not.toThrow();
  });

  it('formats a window given in seconds and lets extra labels and severity win', () => {
    const alert = highErrorRateAlert({
      service: 'checkout',
      errorRate: 0.5,
      threshold: 0.01,
      window: 3600,
      severity: 'critical',
      labels: { team: 'payments' },
    });
    expect(alert.labels).toEqual({ alertname: 'HighErrorRate', severity: 'critical', service: 'checkout', team: 'payments' });
    expect(alert.annotations?.summary).toBe('High error rate on checkout');
    expect(alert.annotations?.window).toBe('1h');
  });

  it('refuses rates outside [0, 1] and windows that are not durations, naming the field', () => {
    expect(() => highErrorRateAlert({ service: 'x', errorRate: 12.5, threshold: 0.05, window: '5m' })).toThrow(
      /highErrorRateAlert\.errorRate: errorRate is a ratio within \[0, 1\]/,
    );
    expect(() => highErrorRateAlert({ service: 'x', errorRate: 0.1, threshold: 0.05, window: 'five minutes' })).toThrow(
      SightlineAlertError,
    );
  });
});

describe('serviceDownAlert', () => {
  it('is critical, labelled by service and instance, with the reason as description', () => {
    expect(serviceDownAlert({ service: 'payments', instance: '10.0.0.7:3001', reason: 'health check failed 3 times' })).toEqual({
      labels: { alertname: 'ServiceDown', severity: 'critical', service: 'payments', instance: '10.0.0.7:3001' },
      annotations: { summary: 'payments is down on 10.0.0.7:3001', description: 'health check failed 3 times' },
    });
  });

  it('requires service, instance and reason', () => {
    expect(() => serviceDownAlert({ service: 'payments', instance: '', reason: 'x' })).toThrow(/serviceDownAlert\.instance/);
  });
});
