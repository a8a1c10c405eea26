import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';

/** What the resolver reads of Express 5's router (the `router` package): layers and their paths. */
interface RouterLike {
  readonly stack?: readonly LayerLike[];
}

interface RouteLike {
  readonly path?: unknown;
  _handlesMethod?(method: string | undefined): boolean;
}

/** A matcher answers the part of the path it matched (`{ path }`), or false. */
type PathMatcher = (path: string) => { readonly path: string } | false;

interface LayerLike {
  /** The path the layer was registered with; a flat array of them for `app.get(['/a', '/b'])`. */
  readonly rawPath?: unknown;
  readonly route?: RouteLike;
  readonly handle?: unknown;
  /** One per path of rawPath, in order. */
  readonly matchers?: readonly PathMatcher[];
  /** A mount at '/', which matches every path without consuming any of it. */
  readonly slash?: boolean;
}

interface RouteLayers {
  /** The mount templates above the Route (several when its router is mounted at more than one path). */
  readonly mounts: string[];
  /** The layer holding the Route in its router: its matchers tell which of several paths matched. */
  layer: LayerLike | undefined;
}

/**
 * Where each Route sits, found once per Route by walking the app's router tree. Walked from
 * `req.app`, which is the sub-app for routes of a mounted sub-app. No mount found: the
 * concrete baseUrl is used.
 */
const layersByRoute = new WeakMap<object, RouteLayers>();

/** A Router is a function with a `stack` of layers (`router` package); other handles are middleware. */
function subRouterOf(layer: LayerLike): RouterLike | undefined {
  const handle = layer.handle;
  return typeof handle === 'function' && Array.isArray((handle as RouterLike).stack) ? (handle as RouterLike) : undefined;
}

function collectMounts(router: RouterLike, route: object, prefix: string, found: RouteLayers, depth: number): void {
  if (depth > 16 || router.stack === undefined) return;
  for (const layer of router.stack) {
    if (layer.route === route) {
      found.mounts.push(prefix);
      found.layer ??= layer;
      continue;
    }
    const sub = subRouterOf(layer);
    if (sub === undefined) continue;
    const paths = Array.isArray(layer.rawPath) ? layer.rawPath : [layer.rawPath];
    for (const path of paths) {
      // A RegExp mount has no template to give; its routes keep the concrete baseUrl.
      if (typeof path !== 'string') continue;
      collectMounts(sub, route, path === '/' ? prefix : `${prefix}${path}`, found, depth + 1);
    }
  }
}

/**
 * The mount path to report for a concrete `baseUrl` under a mount `template`: the template when
 * it fits the end of `baseUrl` segment by segment (`:params` match any segment), after the
 * concrete segments it does not cover. Those are the mount of a sub-app
 * (`app.use('/x', otherApp)`: its routers are found from the sub-app, which does not know
 * `/x`). Undefined when the template does not fit.
 */
function fit(template: string, baseUrl: string): string | undefined {
  const want = template === '' ? [] : template.split('/').slice(1);
  const have = baseUrl.split('/').slice(1);
  const head = have.length - want.length;
  if (head < 0) return undefined;
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] as string;
    if (!segment.startsWith(':') && segment !== have[head + i]) return undefined;
  }
  return head === 0 ? template : `/${have.slice(0, head).join('/')}${template}`;
}

function layersOf(req: Request, route: object): RouteLayers {
  let found = layersByRoute.get(route);
  if (found === undefined) {
    found = { mounts: [], layer: undefined };
    const root = (req.app as { router?: RouterLike } | undefined)?.router;
    if (root !== undefined) collectMounts(root, route, '', found, 0);
    layersByRoute.set(route, found);
  }
  return found;
}

function mountOf(req: Request, route: object, baseUrl: string): string | undefined {
  for (const template of layersOf(req, route).mounts) {
    const mount = fit(template, baseUrl);
    if (mount !== undefined) return mount;
  }
  return undefined;
}

function pathnameOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** Which of the layer's paths matches `path` (the router's own matchers), and the part it matched. */
function matchLayer(layer: LayerLike, path: string): { readonly index: number; readonly matched: string } | undefined {
  const matchers = layer.matchers;
  if (matchers === undefined) return undefined;
  for (let index = 0; index < matchers.length; index++) {
    let match: { readonly path: string } | false;
    try {
      match = (matchers[index] as PathMatcher)(path);
    } catch {
      // A malformed %-escape in a parameter: the router would not match it either.
      return undefined;
    }
    if (match !== false) return { index, matched: match.path };
  }
  return undefined;
}

function templateAt(layer: LayerLike, index: number): string | undefined {
  const raw = Array.isArray(layer.rawPath) ? layer.rawPath[index] : layer.rawPath;
  return raw === undefined ? undefined : String(raw);
}

/**
 * The route's own path. A route registered with several (`app.get(['/a/:x', '/b/:y'])`) is
 * named by the one that matched, tested with the router's matchers against req.url, which
 * still holds the path the route's router saw.
 */
function routePathOf(req: Request, route: RouteLike): string {
  const path = route.path;
  if (typeof path === 'string') return path;
  if (Array.isArray(path)) {
    const layer = layersOf(req, route).layer;
    const match = layer === undefined ? undefined : matchLayer(layer, pathnameOf(req.url));
    const template = match === undefined || layer === undefined ? undefined : templateAt(layer, match.index);
    if (template !== undefined) return template;
  }
  return String(path);
}

/**
 * Express knows the matched route only once its router ran, so the template is read when the
 * response closes: the mount templates of the routers above the route, then the route's own
 * path. `req.baseUrl` holds the concrete mount path (`/users/42/orders` for a router mounted
 * at `/users/:userId/orders`): the mount templates come from the router tree instead, so a
 * parameterised mount never puts a raw id into a label.
 */
export function expressRoute(req: IncomingMessage): string | undefined {
  const request = req as Request;
  const route = request.route as RouteLike | undefined;
  if (route === undefined || route.path === undefined) return undefined;
  const path = routePathOf(request, route);
  const baseUrl = request.baseUrl ?? '';
  if (baseUrl === '') return path;
  return `${mountOf(request, route, baseUrl) ?? baseUrl}${path}`;
}

function findRoute(router: RouterLike, path: string, method: string | undefined, depth: number): string | undefined {
  if (depth > 16 || router.stack === undefined) return undefined;
  for (const layer of router.stack) {
    const route = layer.route;
    if (route !== undefined) {
      const match = matchLayer(layer, path);
      if (match !== undefined && (route._handlesMethod?.(method) ?? true)) return templateAt(layer, match.index);
      continue;
    }
    const sub = subRouterOf(layer);
    if (sub === undefined) continue;
    if (layer.slash === true) {
      const found = findRoute(sub, path, method, depth + 1);
      if (found !== undefined) return found;
      continue;
    }
    const match = matchLayer(layer, path);
    if (match === undefined) continue;
    const rest = path.slice(match.matched.length);
    const found = findRoute(sub, rest.startsWith('/') ? rest : `/${rest}`, method, depth + 1);
    // A RegExp mount has no template to give: the concrete part it matched, as for routed requests.
    const mount = Array.isArray(layer.rawPath) ? layer.rawPath[match.index] : layer.rawPath;
    if (found !== undefined) return `${typeof mount === 'string' ? mount : match.matched}${found}`;
  }
  return undefined;
}

/**
 * The template of the route a request was headed for when it failed before reaching it (a
 * body parser's 400, an auth middleware's 401): Express sets req.route only once a route
 * runs. Looked up with the router's own matchers in the router handling the error (req.app's),
 * against the path it sees. Only on that error path: never per request.
 */
export function expressIntendedRoute(req: IncomingMessage): string | undefined {
  const request = req as Request;
  const root = (request.app as { router?: RouterLike } | undefined)?.router;
  if (root === undefined) return undefined;
  const found = findRoute(root, pathnameOf(request.url), request.method, 0);
  return found === undefined ? undefined : `${request.baseUrl ?? ''}${found}`;
}
