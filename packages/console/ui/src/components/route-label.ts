/**
 * What the services view calls a route. `/api/services` groups server spans by `http.route`, else
 * by span name; a request no route matched (a 404) has no `http.route`, and OTel's HTTP semantic
 * conventions name its span by the method alone (`GET`, or `HTTP` for a method it does not know).
 * Shown bare, that reads as a route literally named "GET".
 */

const METHOD_ONLY = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'QUERY', 'HTTP', '_OTHER']);

export interface RouteLabel {
  readonly text: string;
  /** No route template matched: the row counts requests by method only. */
  readonly unmatched: boolean;
}

export function routeLabel(route: string): RouteLabel {
  const name = route.trim();
  if (name === '') return { text: '(no route)', unmatched: true };
  if (METHOD_ONLY.has(name)) return { text: `${name} (no route)`, unmatched: true };
  return { text: route, unmatched: false };
}
