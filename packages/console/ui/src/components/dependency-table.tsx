import type { ServiceEdge } from '../api/types.js';
import { formatDuration, formatPercent } from '../format.js';
import { hrefOf, Link } from '../router.js';
import { ServiceName } from './badges.js';
import { errorShare, failing } from './dependency-edge-share.js';

/** The dependency graph's edges as a table: caller, called, calls, error share and p95. */
export function DependencyTable({ edges, since }: { edges: readonly ServiceEdge[]; since: string }) {
  return (
    <table className="grid dependency-table">
      <thead>
        <tr>
          <th>caller</th>
          <th>called</th>
          <th className="num">calls</th>
          <th className="num">errors</th>
          <th className="num">p95</th>
        </tr>
      </thead>
      <tbody>
        {edges.map((edge) => (
          <tr key={`${edge.source}\u0000${edge.target}`} className="dependency-row">
            <td>
              <Link href={hrefOf('/traces', { service: edge.source, since })}>
                <ServiceName name={edge.source} />
              </Link>
            </td>
            <td>
              {edge.targetKind === 'service' ? (
                <Link href={hrefOf('/traces', { service: edge.target, since })}>
                  <ServiceName name={edge.target} />
                </Link>
              ) : (
                <span>
                  {edge.target} <span className="muted small">database</span>
                </span>
              )}
            </td>
            <td className="num">{edge.calls}</td>
            <td className={failing(edge) ? 'num text-error' : 'num'}>{formatPercent(errorShare(edge))}</td>
            <td className="num">{formatDuration(edge.p95Ms)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
