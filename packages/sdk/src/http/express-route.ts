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
 * (usually one; several when the same router is mounted at more than one path). Walked from
 * `req.app`, which is the sub-app for routes of a mounted sub-app. Empty when none is found:
 * the concrete baseUrl is used.
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

function mountOf(req: Request, route: object, baseUrl: string): string | undefined {
  let mounts = mountsByRoute.get(route);
  if (mounts === undefined) {
    const found: string[] = [];
    const root = (req.app as { router?: RouterLike } | undefined)?.router;
    if (root !== undefined) collectMounts(root, route, '', found, 0);
    mounts = found;
    mountsByRoute.set(route, mounts);
  }
  for (const template of mounts) {
    const mount = fit(template, baseUrl);
    if (mount !== undefined) return mount;
  }
  return undefined;
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
