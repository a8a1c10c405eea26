import { useMemo, useState } from 'react';
import { api } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { compareTraces } from '../components/trace-compare.js';
import { useLocation } from '../router.js';
import { CandidatesPanel } from './compare-candidates.js';
import { durationOf, rootOf, useOutline } from './compare-outline.js';
import { ChangeTraces, ChooseTraces } from './compare-pick.js';
import { CompareTable } from './compare-table.js';
import { TraceCard } from './compare-trace-card.js';

/** Two traces of one route side by side: what differs, per span name, in count and duration. */
export function ComparePage() {
  const { query } = useLocation();
  const a = query.get('a') ?? '';
  const b = query.get('b') ?? '';
  const route = query.get('route') ?? '';
  const service = query.get('service') ?? '';
  const traceA = useOutline(a);
  const traceB = useOutline(b);
  // The candidates hold still while one is being picked: live updates would shift the newest-first
  // list under the pointer. "Newer traces" asks again.
  const [asked, setAsked] = useState(0);
  const candidates = useApi(
    b === '' && a !== '' ? `candidates:${service}:${route}:${asked}` : null,
    (signal) => api.traces({ service, route, since: '24h', limit: 30 }, signal),
    { live: false },
  );
  const groups = useMemo(
    () => (traceA.data !== undefined && traceB.data !== undefined ? compareTraces(traceA.data.spans, traceB.data.spans) : undefined),
    [traceA.data, traceB.data],
  );

  if (a === '') return <ChooseTraces />;
  // Without a service and route in the URL (ids typed in), "pick another B" offers traces of A's operation.
  const rootA = traceA.data === undefined ? undefined : rootOf(traceA.data);
  const operation = { service: service || (rootA?.service ?? ''), route: route || (rootA?.name ?? '') };
  return (
    <div className="page compare-page">
      {b === '' ? null : <ChangeTraces a={a} b={b} {...operation} />}
      <div className="compare-sides">
        <TraceCard label="A" trace={traceA.data} error={traceA.error} />
        {b === '' ? (
          <CandidatesPanel a={a} service={service} route={route} candidates={candidates} onNewer={() => setAsked((count) => count + 1)} />
        ) : (
          <TraceCard label="B" trace={traceB.data} error={traceB.error} />
        )}
      </div>
      {groups !== undefined && traceA.data !== undefined && traceB.data !== undefined ? (
        <CompareTable groups={groups} durationA={durationOf(traceA.data)} durationB={durationOf(traceB.data)} />
      ) : null}
    </div>
  );
}
