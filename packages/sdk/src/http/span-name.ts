/** (method, route) pairs whose span name is kept: routes are templates, so a service has tens of them. */
const MAX_NAMES = 1024;

const byMethod = new Map<string, Map<string, string>>();
let kept = 0;

/**
 * The server span's name, `${method} ${route}` (semantic conventions: the method and the route
 * template), built once per pair: built per request it is a fresh two-part string, which the OTLP
 * encoder then flattens into a third. Past MAX_NAMES pairs (an app setting routes that are not
 * templates) a name is built each time.
 */
export function serverSpanName(method: string, route: string): string {
  const byRoute = byMethod.get(method);
  const name = byRoute?.get(route);
  if (name !== undefined) return name;
  const built = `${method} ${route}`;
  if (kept >= MAX_NAMES) return built;
  if (byRoute === undefined) byMethod.set(method, new Map([[route, built]]));
  else byRoute.set(route, built);
  kept++;
  return built;
}
