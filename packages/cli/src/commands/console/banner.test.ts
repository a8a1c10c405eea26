import type { NetworkInterfaceInfo } from 'node:os';
import type { RunningConsole } from '@sightline/console';
import { describe, expect, it } from 'vitest';
import { bannerText, type Machine, openIngestWarning, reachableUrls } from './banner.js';

const address = (value: string, family: 'IPv4' | 'IPv6', internal = false) =>
  ({ address: value, family, internal }) as NetworkInterfaceInfo;

const machine: Machine = {
  hostname: () => 'devbox',
  networkInterfaces: () => ({
    lo: [address('127.0.0.1', 'IPv4', true), address('::1', 'IPv6', true)],
    eth0: [address('192.168.1.20', 'IPv4'), address('fe80::1', 'IPv6'), address('2001:db8::20', 'IPv6')],
    docker0: [address('172.17.0.1', 'IPv4')],
  }),
};

function runningAt(url: string, otlpUrl: string, facts: Partial<RunningConsole> = {}): RunningConsole {
  return {
    url,
    otlpUrl,
    token: undefined,
    tokenGenerated: false,
    loopbackOnly: false,
    ingestKeyRequired: false,
    ...facts,
  } as RunningConsole;
}

describe('the URLs the banner prints', () => {
  it('are the bound address itself when it is one a browser can open', () => {
    expect(reachableUrls('http://127.0.0.1:18888', machine)).toEqual([{ url: 'http://127.0.0.1:18888', local: false }]);
    expect(reachableUrls('http://192.168.1.20:18888', machine)).toEqual([{ url: 'http://192.168.1.20:18888', local: false }]);
  });

  it('name the machine, its IPv4 addresses and 127.0.0.1 for 0.0.0.0, which no other machine can browse to', () => {
    expect(reachableUrls('http://0.0.0.0:18911', machine)).toEqual([
      { url: 'http://devbox:18911', local: false },
      { url: 'http://192.168.1.20:18911', local: false },
      { url: 'http://172.17.0.1:18911', local: false },
      { url: 'http://127.0.0.1:18911', local: true },
    ]);
  });

  it('add the global IPv6 addresses for ::, leaving out link-local ones', () => {
    expect(reachableUrls('http://[::]:4318', machine).map(({ url }) => url)).toEqual([
      'http://devbox:4318',
      'http://192.168.1.20:4318',
      'http://[2001:db8::20]:4318',
      'http://172.17.0.1:4318',
      'http://127.0.0.1:4318',
    ]);
  });

  it('leave out a hostname that is empty or localhost', () => {
    const anonymous: Machine = { hostname: () => 'localhost', networkInterfaces: () => ({}) };
    expect(reachableUrls('http://0.0.0.0:18888', anonymous)).toEqual([{ url: 'http://127.0.0.1:18888', local: true }]);
  });
});

describe('the banner', () => {
  it('prints a login URL for each way to reach a console bound to 0.0.0.0, the token on each', () => {
    const running = runningAt('http://0.0.0.0:18911', 'http://0.0.0.0:4318', { token: 'tok/en', tokenGenerated: true });
    expect(bannerText(running, 'in memory   retention 7d, memory 512MB', machine)).toBe(
      [
        'Sightline console',
        '  UI and API:  http://devbox:18911/login?token=tok%2Fen   (token generated for this run)',
        '               http://192.168.1.20:18911/login?token=tok%2Fen',
        '               http://172.17.0.1:18911/login?token=tok%2Fen',
        '               http://127.0.0.1:18911/login?token=tok%2Fen   (this machine)',
        '  OTLP/HTTP:   http://devbox:4318   (OTEL_EXPORTER_OTLP_ENDPOINT=http://devbox:4318)',
        '               http://192.168.1.20:4318',
        '               http://172.17.0.1:4318',
        '               http://127.0.0.1:4318   (this machine)',
        '  Store:       in memory   retention 7d, memory 512MB',
        '',
      ].join('\n'),
    );
  });

  it('prints one line each on loopback, without a token', () => {
    const running = runningAt('http://127.0.0.1:18888', 'http://127.0.0.1:4318', { loopbackOnly: true });
    expect(bannerText(running, 'console.duckdb', machine)).toBe(
      [
        'Sightline console',
        '  UI and API:  http://127.0.0.1:18888',
        '  OTLP/HTTP:   http://127.0.0.1:4318   (OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318)',
        '  Store:       console.duckdb',
        '',
      ].join('\n'),
    );
  });

  it('names the Alertmanager the alerts go to, when there is one', () => {
    const running = runningAt('http://127.0.0.1:18888', 'http://127.0.0.1:4318', {
      loopbackOnly: true,
      alertmanager: 'http://127.0.0.1:9093',
    });
    expect(bannerText(running, 'console.duckdb', machine).split('\n').slice(-2)).toEqual([
      '  Alerts:      new and regressed error groups, SLO burns, open incidents to http://127.0.0.1:9093',
      '',
    ]);
  });
});

describe('the open-ingest warning', () => {
  it('warns when OTLP listens beyond loopback without an ingest key, naming the header', () => {
    expect(openIngestWarning(runningAt('http://0.0.0.0:18888', 'http://0.0.0.0:4318'))).toBe(
      'sightline console: warning: OTLP/HTTP listens on 0.0.0.0:4318 without an ingest key: anyone who can reach that port can write telemetry. ' +
        'Set --ingest-key (or SIGHTLINE_CONSOLE_INGEST_KEY); exporters then send it as the x-otlp-api-key header\n',
    );
  });

  it('says nothing on loopback or with a key', () => {
    expect(openIngestWarning(runningAt('http://127.0.0.1:1', 'http://127.0.0.1:2', { loopbackOnly: true }))).toBeUndefined();
    expect(openIngestWarning(runningAt('http://0.0.0.0:1', 'http://0.0.0.0:2', { ingestKeyRequired: true }))).toBeUndefined();
  });
});
