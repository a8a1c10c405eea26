import { hostname, type NetworkInterfaceInfo, networkInterfaces } from 'node:os';
import type { RunningConsole } from '@sightline/console';

/** What the banner asks of the machine; tests pass their own. */
export interface Machine {
  hostname(): string;
  networkInterfaces(): NodeJS.Dict<NetworkInterfaceInfo[]>;
}

const THIS_MACHINE: Machine = { hostname, networkInterfaces };
const UNSPECIFIED = new Set(['0.0.0.0', '[::]']);
const LOCAL_HINT = '   (this machine)';

/**
 * The base URLs a server listening at `url` is reached at. An unspecified address (0.0.0.0, ::)
 * is no place to browse to: the machine's name, each of its network addresses (IPv4; also IPv6
 * when bound to ::, link-local ones left out as they need a zone), then 127.0.0.1 for here.
 */
export function reachableUrls(url: string, machine: Machine = THIS_MACHINE): { url: string; local: boolean }[] {
  const bound = new URL(url);
  if (!UNSPECIFIED.has(bound.hostname)) return [{ url: bound.origin, local: false }];
  const at = (host: string) => {
    const copy = new URL(bound.href);
    copy.hostname = host;
    return copy.origin;
  };
  const urls: string[] = [];
  const name = machine.hostname();
  if (name !== '' && name !== 'localhost') urls.push(at(name));
  for (const addresses of Object.values(machine.networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.internal) continue;
      if (address.family === 'IPv4') urls.push(at(address.address));
      else if (bound.hostname === '[::]' && !address.address.toLowerCase().startsWith('fe80:')) urls.push(at(`[${address.address}]`));
    }
  }
  return [...new Set(urls)].map((reachable) => ({ url: reachable, local: false })).concat({ url: at('127.0.0.1'), local: true });
}

/** The lines `sightline console` prints once it listens: where the UI (its login URL) and OTLP are, and the store. */
export function bannerText(running: RunningConsole, store: string, machine: Machine = THIS_MACHINE): string {
  const login = (base: string) => (running.token === undefined ? base : `${base}/login?token=${encodeURIComponent(running.token)}`);
  const ui = reachableUrls(running.url, machine).map(({ url, local }, index) => {
    const note = index === 0 && running.tokenGenerated ? '   (token generated for this run)' : local ? LOCAL_HINT : '';
    return `${login(url)}${note}`;
  });
  const otlp = reachableUrls(running.otlpUrl, machine).map(({ url, local }, index) => {
    const note = index === 0 ? `   (OTEL_EXPORTER_OTLP_ENDPOINT=${url})` : local ? LOCAL_HINT : '';
    return `${url}${note}`;
  });
  const continued = (lines: string[]) => lines.join(`\n${' '.repeat(15)}`);
  const alerts =
    running.alertmanager === undefined
      ? []
      : [`  Alerts:      new and regressed error groups, SLO burns, open incidents to ${running.alertmanager}`];
  return [
    'Sightline console',
    `  UI and API:  ${continued(ui)}`,
    `  OTLP/HTTP:   ${continued(otlp)}`,
    `  Store:       ${store}`,
    ...alerts,
    '',
  ].join('\n');
}

/** A warning for stderr when OTLP ingest is open to the network, else undefined. */
export function openIngestWarning(running: RunningConsole): string | undefined {
  if (running.loopbackOnly || running.ingestKeyRequired) return undefined;
  return (
    `sightline console: warning: OTLP/HTTP listens on ${new URL(running.otlpUrl).host} without an ingest key: anyone who can reach ` +
    'that port can write telemetry. Set --ingest-key (or SIGHTLINE_CONSOLE_INGEST_KEY); exporters then send it as the x-otlp-api-key header\n'
  );
}
