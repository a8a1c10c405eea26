import type { AlertList } from '../api/types.js';
import { spanText } from '../components/slo-coverage.js';
import { formatDateTime } from '../format.js';
import { Link } from '../router.js';
import { KIND_LABEL } from './alert-kind-label.js';

type Episode = AlertList['history'][number];

/** The alert history: each episode with when it started, how long it lasted, and its page. */
export function History({ episodes }: { episodes: readonly Episode[] }) {
  if (episodes.length === 0) return <p className="muted">No alert yet: each one is kept here from when it starts to when it ends.</p>;
  return (
    <table className="grid alert-history">
      <thead>
        <tr>
          <th className="shrink">kind</th>
          <th>alert</th>
          <th className="shrink">started</th>
          <th className="shrink num">lasted</th>
        </tr>
      </thead>
      <tbody>
        {episodes.map((episode) => (
          <tr key={`${episode.alertname}:${JSON.stringify(episode.labels)}:${episode.startMs}`} className="episode-row">
            <td className="nowrap">
              <span className={`badge alert-kind-${episode.kind}`}>{KIND_LABEL[episode.kind]}</span>
            </td>
            <td>{episode.path === null ? episode.summary : <Link href={episode.path}>{episode.summary}</Link>}</td>
            <td className="nowrap mono">{formatDateTime(episode.startMs)}</td>
            <td className="nowrap num episode-duration">
              {episode.endMs === null ? (
                <span className="badge alert-kind-error-regressed">firing</span>
              ) : (
                spanText((episode.endMs - episode.startMs) / 1000)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
