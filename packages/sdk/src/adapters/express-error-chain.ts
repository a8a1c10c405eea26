import type { Request } from 'express';

interface LayerLike {
  readonly handle?: unknown;
}

/**
 * True when the app registered an error handler (a four-argument middleware) after `handler`
 * in its router: a 4xx error is then the app's to answer. Read from `req.app`'s router when an
 * error comes, so handlers added after the first request count too; only on the error path.
 */
export function hasLaterErrorHandler(req: Request, handler: unknown): boolean {
  const stack = (req.app as { router?: { stack?: readonly LayerLike[] } } | undefined)?.router?.stack;
  if (stack === undefined) return false;
  const position = stack.findIndex((layer) => layer.handle === handler);
  if (position === -1) return false;
  for (let i = position + 1; i < stack.length; i++) {
    const handle = stack[i]?.handle;
    if (typeof handle === 'function' && handle.length === 4) return true;
  }
  return false;
}
