import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';

/** What the resolver reads of Express 5's router (the `router` package): layers and their paths. */
interface RouterLike {
  readonly stack?: readonly LayerLike[];
}

interface LayerLike {
  readonly rawPath?: unknown;
  readonly route?: object;
  readonly handle?: unknown;
}

/**
 * The mount templates above each Route, found once per Route by walking the app's router tree
 * (usually one; several when the same router is mounted at more than one path). Empty: the
 * Route is not under the app's router (a mounted sub-app), and the concrete baseUrl is used.
 */
const mountsByRoute = new WeakMap<object, readonly string[]>();

/** A Router is a function with a `stack` of layers (`router` package); other handles are middleware. */
function subRouterOf(layer: LayerLike): RouterLike | undefined {
  const handle = layer.handle;
  return typeof handle === 'function' && Array.isArray((handle as RouterLike).stack) ? (handle as RouterLike) : undefined;
}

function collectMounts(router: RouterLike, route: object, prefix: string, found: string[], depth: number): void {
  if (depth > 16 || router.stack === undefined) return;
  for (const layer of router.stack) {
    if (layer.route === route) {
      found.push(prefix);
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

/** True when the concrete `baseUrl` fits the mount template: same segments, `:params` match any. */
function fits(template: string, baseUrl: string): boolean {
  const want = template.split('/');
  const have = baseUrl.split('/');
  if (want.length !== have.length) return false;
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] as string;
    if (!segment.startsWith(':') && segment !== have[i]) return false;
  }
  return true;
}

function mountOf(req: Request, route: object, baseUrl: string): string | undefined {
  let mounts = mountsByRoute.get(route);
  if (mounts === undefined) {
    const found: string[] = [];
    const root = (req.app as { router?: RouterLike } | undefined)?.router;
    if (root !== undefined) collectMounts(root, route, '', found, 0);
    mounts = found;
    mountsByRoute.set(route, mounts);
  }
  if (mounts.length === 1) return mounts[0];
  return mounts.find((template) => fits(template, baseUrl));
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
  const route = request.route as { path?: unknown } | undefined;
  if (route === undefined || route.path === undefined) return undefined;
  const path = typeof route.path === 'string' ? route.path : String(route.path);
  const baseUrl = request.baseUrl ?? '';
  if (baseUrl === '') return path;
  return `${mountOf(request, route, baseUrl) ?? baseUrl}${path}`;
}
