import { LABEL_NAME_PATTERN } from '../config/index.js';
import { SightlineAlertError } from './alert-errors.js';

/** What `GET /api/v2/alerts` should return; every field is optional. */
export interface AlertListFilter {
  /** Equality matchers: `{ alertname: 'ServiceDown', service: 'checkout' }`. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Matchers in Alertmanager's syntax, e.g. `severity=~"critical|warning"`, `env!="dev"`. */
  readonly matchers?: readonly string[];
  /** Alertmanager's defaults are true for all four. */
  readonly active?: boolean;
  readonly silenced?: boolean;
  readonly inhibited?: boolean;
  readonly unprocessed?: boolean;
  /** A regular expression matched against receiver names. */
  readonly receiver?: string;
}

/** A quoted matcher value: Alertmanager unquotes `\\`, `\"` and `\n`. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** The query string (with its `?`, or empty) for a filter. */
export function alertListQuery(filter: AlertListFilter = {}): string {
  const params = new URLSearchParams();
  const invalid: string[] = [];
  for (const [name, value] of Object.entries(filter.labels ?? {})) {
    if (!LABEL_NAME_PATTERN.test(name)) invalid.push(`labels.${name}: label names must match ${LABEL_NAME_PATTERN}`);
    else params.append('filter', `${name}=${quote(value)}`);
  }
  for (const matcher of filter.matchers ?? []) params.append('filter', matcher);
  if (invalid.length > 0) throw new SightlineAlertError(invalid);
  for (const flag of ['active', 'silenced', 'inhibited', 'unprocessed'] as const) {
    const value = filter[flag];
    if (value !== undefined) params.set(flag, String(value));
  }
  if (filter.receiver !== undefined) params.set('receiver', filter.receiver);
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}
