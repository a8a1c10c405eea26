import { CliError } from '../../errors.js';

/**
 * An API path (`/api/v1/query`) under a Prometheus base URL given on the command line. The base's
 * own path is kept (a Prometheus behind `--web.route-prefix=/prometheus`, or a proxy's), and a
 * base without a scheme is http, as `--console` takes it; anything else is a usage error naming
 * the flag, not a stack trace.
 */
export function prometheusApiUrl(base: string, path: string, flag = '--prometheus'): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(base) ? base : `http://${base}`;
  const url = URL.canParse(withScheme) ? new URL(withScheme) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new CliError('SL_CLI_USAGE', `${flag}: expected a Prometheus URL such as http://127.0.0.1:9090, got ${JSON.stringify(base)}`);
  }
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  url.search = '';
  url.hash = '';
  return url;
}
