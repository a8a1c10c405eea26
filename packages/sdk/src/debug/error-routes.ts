import type { ErrorGroup } from '../errors/index.js';
import { DebugHttpError } from './http-error.js';
import { integerParam } from './respond.js';
import type { DebugRoute } from './router.js';

/** What the server reads of observer.errors. */
export interface DebugErrorGroups {
  groups(): readonly ErrorGroup[];
  group(fingerprint: string): ErrorGroup | undefined;
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 10_000;

/** A group as JSON: times as ISO strings, the rest as the tracker keeps it (the first message, every route, a sample stack). */
function view(group: ErrorGroup) {
  return {
    fingerprint: group.fingerprint,
    type: group.type,
    message: group.message,
    count: group.count,
    firstSeen: new Date(group.firstSeen).toISOString(),
    lastSeen: new Date(group.lastSeen).toISOString(),
    routes: group.routes,
    frames: group.frames,
    stack: group.stack,
  };
}

export function errorRoutes(errors: DebugErrorGroups | undefined): DebugRoute[] {
  const available = (): DebugErrorGroups => {
    if (errors === undefined) throw new DebugHttpError(501, 'error groups are not available in this debug server');
    return errors;
  };
  return [
    {
      method: 'GET',
      path: '/debug/errors',
      params: `limit=1..${MAX_LIMIT} (default ${DEFAULT_LIMIT})`,
      description: 'error groups, most recently seen first: fingerprint, type, first message, count, first/last seen, routes, sample stack',
      handle: ({ query }) => {
        const groups = available().groups();
        const limit = integerParam(query, 'limit', 1, MAX_LIMIT, DEFAULT_LIMIT);
        return { total: groups.length, groups: groups.slice(0, limit).map(view) };
      },
    },
    {
      method: 'GET',
      path: '/debug/errors/:fingerprint',
      description: 'one error group by its fingerprint (404 once evicted)',
      handle: ({ params }) => {
        const fingerprint = params.fingerprint ?? '';
        const group = available().group(fingerprint);
        if (group === undefined) throw new DebugHttpError(404, `no error group ${fingerprint}; GET /debug/errors lists them`);
        return view(group);
      },
    },
  ];
}
