import { useMemo } from 'react';
import { api } from '../api/client.js';
import type { SloStatus } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { ServiceName } from '../components/badges.js';
import type { ValueLevel } from '../components/level-stroke.js';
import { ErrorNotice, Loading, Notice } from '../components/notice.js';
import { coverageText, spanText, windowCoverage } from '../components/slo-coverage.js';
import { TimeChart } from '../components/time-chart.js';
import { formatCount, formatDateTime } from '../format.js';
import { Link } from '../router.js';

/** A ratio as a percent with enough digits for SLOs (99.95 %, not 100 %). */
function percent(ratio: number | null, digits = 2): string {
  return ratio === null ? '–' : `${(ratio * 100).toFixed(digits)} %`;
}

const burn = (rate: number | null) => (rate === null ? '–' : `${rate < 10 ? rate.toFixed(2) : rate.toFixed(0)}x`);

/** Under this share of its budget left an SLO is low on it (amber). */
const LOW_BUDGET = 0.25;

/** Budget left: red when spent, amber under a quarter, green otherwise. */
function budgetClass(remaining: number | null): string {
  if (remaining === null) return 'budget-unknown';
  if (remaining <= 0) return 'budget-spent';
  return remaining < LOW_BUDGET ? 'budget-low' : 'budget-ok';
}

/** The budget chart's line in the same colours as the table's budgets, by its value (in %). */
const BUDGET_LEVELS: readonly ValueLevel[] = [
  { from: Number.NEGATIVE_INFINITY, color: '#f85149' },
  { from: 0, color: '#d29922' },
  { from: LOW_BUDGET * 100, color: '#3fb950' },
];

function BudgetBar({ remaining }: { remaining: number | null }) {
  const width = remaining === null ? 0 : Math.max(0, Math.min(1, remaining)) * 100;
  return (
    <span
      className={`budget-bar ${budgetClass(remaining)}`}
      title={remaining === null ? 'no requests yet' : `${percent(remaining, 1)} of the error budget left`}
    >
      <span className="fill" style={{ width: `${width}%` }} />
    </span>
  );
}

/**
 * The alert that fires now; without one, whether a condition burns over its threshold on less data
 * than its long window (the server does not fire on that): "burning", not "ok".
 */
function AlertBadge({ slo }: { slo: SloStatus }) {
  const { alert } = slo;
  if (alert !== null) return <span className={`badge ${alert === 'page' ? 'status-error' : 'severity-warn'}`}>{alert}</span>;
  const early = slo.conditions.find((condition) => burnsOnPartialData(condition));
  if (early === undefined) return <span className="badge status-ok">ok</span>;
  const coverage = windowCoverage(early.long, slo.dataSinceMs, Date.now());
  return (
    <span
      className="badge status-partial"
      title={`both windows of the ${early.long}/${early.short} ${early.severity} condition burn faster than ${early.threshold}x, over ${coverageText(coverage)}: too little data to ${early.severity === 'page' ? 'page' : 'open a ticket'}`}
    >
      burning
    </span>
  );
}

type Condition = SloStatus['conditions'][number];

const burnOf = (slo: SloStatus, window: string) => slo.burnRates.find((rate) => rate.window === window)?.burnRate ?? null;

/** Both windows over the threshold, but the data does not cover the long one: not fired (the server says which). */
function burnsOnPartialData(condition: Condition): boolean {
  return condition.burning && !condition.firing;
}

/** A burn rate, with how little data it is over when the data starts inside its window. */
function BurnValue({ slo, window }: { slo: SloStatus; window: string }) {
  const coverage = windowCoverage(window, slo.dataSinceMs, Date.now());
  const rate = burn(burnOf(slo, window));
  if (!coverage.partial || slo.dataSinceMs === null) return rate;
  return (
    <span className="partial" title={`${coverageText(coverage)}: the rate of the data held, not of the whole window`}>
      {rate} <span className="muted small">({spanText(coverage.dataSeconds)} of data)</span>
    </span>
  );
}

/** Over what the budget is computed: the SLO window, or the part of it the data covers. */
function budgetScope(slo: SloStatus): string {
  const coverage = windowCoverage(slo.window, slo.dataSinceMs, Date.now());
  if (slo.dataSinceMs === null || !coverage.partial) return `over ${slo.window}`;
  return `over ${coverageText(coverage)}`;
}

/** What a condition does now: fires, stays quiet, or would fire but lacks the data to. */
function ConditionState({ slo, condition }: { slo: SloStatus; condition: Condition }) {
  if (condition.firing) return <strong className="text-error">firing</strong>;
  const coverage = windowCoverage(condition.long, slo.dataSinceMs, Date.now());
  if (!coverage.partial || slo.dataSinceMs === null) return <span className="muted">quiet</span>;
  return (
    <span className="partial">
      {burnsOnPartialData(condition) ? 'burning, not fired' : 'quiet'}: {coverageText(coverage)}
    </span>
  );
}

function sliText(slo: SloStatus): string {
  const scope = slo.sli.routes.length === 0 ? 'all routes' : slo.sli.routes.join(', ');
  const methods = slo.sli.methods.length === 0 ? '' : ` (${slo.sli.methods.join(', ')})`;
  return slo.sli.kind === 'latency'
    ? `requests under ${slo.sli.thresholdSeconds} s, ${scope}${methods}`
    : `non-5xx answers, ${scope}${methods}`;
}

/** The console holds less than the SLO window (retention, or a young console): say over what the numbers are. */
function Coverage({ slo }: { slo: SloStatus }) {
  if (slo.dataSinceMs === null) return <span className="muted">no requests stored yet</span>;
  return <span className="muted">requests since {formatDateTime(slo.dataSinceMs)}</span>;
}

/** SLOs of the console's spec files, least budget left first. */
export function SlosPage() {
  const slos = useApi('slos', (signal) => api.slos(signal));
  return (
    <div className="page">
      <div className="page-title">
        <h2>SLOs</h2>
      </div>
      {slos.error !== undefined ? <ErrorNotice error={slos.error} /> : null}
      {slos.data === undefined && slos.error === undefined ? <Loading /> : null}
      {slos.data !== undefined && slos.data.slos.length === 0 && slos.data.untracked.length === 0 ? (
        <Notice>
          No SLOs: start the console with <code>--slo sightline.slo.yaml</code> (or a Sloth <code>prometheus/v1</code> file).
        </Notice>
      ) : null}
      {slos.data !== undefined && slos.data.slos.length > 0 ? (
        <table className="grid slos-table">
          <thead>
            <tr>
              <th>SLO</th>
              <th className="num">objective</th>
              <th className="num">current</th>
              <th>error budget left</th>
              <th className="num">burn 1h</th>
              <th className="num">requests</th>
              <th>alert</th>
            </tr>
          </thead>
          <tbody>
            {slos.data.slos.map((slo) => (
              <tr key={slo.id} className="slo-row">
                <td>
                  <ServiceName name={slo.service} /> <Link href={`/slos/${encodeURIComponent(slo.id)}`}>{slo.name}</Link>
                  <div className="muted small">{sliText(slo)}</div>
                </td>
                <td className="num">
                  {slo.objective} % <span className="muted">/ {slo.window}</span>
                </td>
                <td className="num">{percent(slo.current, 3)}</td>
                <td className="nowrap">
                  <BudgetBar remaining={slo.budgetRemaining} />{' '}
                  <span className={budgetClass(slo.budgetRemaining)}>{percent(slo.budgetRemaining, 1)}</span>
                  {slo.budgetRemaining === null ? null : <div className="muted small">{budgetScope(slo)}</div>}
                </td>
                <td className="num">
                  <BurnValue slo={slo} window="1h" />
                </td>
                <td className="num">{formatCount(slo.total)}</td>
                <td>
                  <AlertBadge slo={slo} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {slos.data !== undefined && slos.data.untracked.length > 0 ? (
        <>
          <h3>Computed by Prometheus only</h3>
          <ul className="muted">
            {slos.data.untracked.map((slo) => (
              <li key={slo.id}>
                {slo.service} / {slo.name}: {slo.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** One SLO: headline numbers, budget over time, burn rate per alert window and which alert would fire. */
export function SloPage({ id }: { id: string }) {
  const slo = useApi(`slo:${id}`, (signal) => api.slo(id, signal));
  const budget = slo.data?.budget;
  const now = slo.data?.budgetRemaining;
  const chart = useMemo(() => {
    if (budget === undefined) return undefined;
    return {
      times: budget.map((point) => point.timeMs),
      series: [
        {
          label: 'error budget left (%)',
          // The legend's colour: where the budget is now.
          color: BUDGET_LEVELS.findLast((level) => level.from <= (now ?? 1) * 100)!.color,
          levels: BUDGET_LEVELS,
          values: budget.map((point) => (point.budgetRemaining === null ? null : point.budgetRemaining * 100)),
        },
      ],
    };
  }, [budget, now]);
  if (slo.error !== undefined) return <ErrorNotice error={slo.error} />;
  if (slo.data === undefined) return <Loading />;
  const detail = slo.data;
  return (
    <div className="page slo-page">
      <div className="page-title">
        <h2>
          <ServiceName name={detail.service} /> {detail.name}
        </h2>
        <AlertBadge slo={detail} />
      </div>
      {detail.description === '' ? null : <p>{detail.description}</p>}
      <div className="slo-headline">
        <div>
          <div className="muted">objective</div>
          <strong>{detail.objective} %</strong> <span className="muted">over {detail.window}</span>
        </div>
        <div>
          <div className="muted">current</div>
          <strong>{percent(detail.current, 3)}</strong>{' '}
          <span className="muted">
            ({formatCount(detail.bad)} bad of {formatCount(detail.total)})
          </span>
        </div>
        <div>
          <div className="muted">error budget left</div>
          <strong className={budgetClass(detail.budgetRemaining)}>{percent(detail.budgetRemaining, 1)}</strong>{' '}
          {detail.budgetRemaining === null ? null : <span className="muted">{budgetScope(detail)}</span>}
        </div>
      </div>
      <div className="trace-facts">
        <span>SLI: {sliText(detail)}</span>
        <Coverage slo={detail} />
      </div>
      <div className="panel" role="img" aria-label="error budget left over time">
        {chart === undefined || chart.times.length === 0 ? (
          <Notice>No requests stored yet.</Notice>
        ) : (
          <TimeChart times={chart.times} series={chart.series} unit="%" height={200} />
        )}
      </div>
      <h3>Burn rate per alert window</h3>
      <table className="grid burn-table">
        <thead>
          <tr>
            <th>alert</th>
            <th className="num">long window</th>
            <th className="num">short window</th>
            <th className="num">threshold</th>
            <th>now</th>
          </tr>
        </thead>
        <tbody>
          {detail.conditions.map((condition) => (
            <tr
              key={`${condition.severity}-${condition.long}`}
              className={condition.firing ? 'firing' : burnsOnPartialData(condition) ? 'burning-partial' : undefined}
            >
              <td>
                <span className={`badge ${condition.severity === 'page' ? 'status-error' : 'severity-warn'}`}>{condition.severity}</span>
              </td>
              <td className="num">
                {condition.long}: <BurnValue slo={detail} window={condition.long} />
              </td>
              <td className="num">
                {condition.short}: <BurnValue slo={detail} window={condition.short} />
              </td>
              <td className="num">&gt; {condition.threshold}x</td>
              <td>
                <ConditionState slo={detail} condition={condition} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Burn rate: the error ratio over a window divided by the error budget ({percent(1 - detail.objective / 100, 2)}); 1x spends the
        budget exactly over
        {` ${detail.window}`}. An alert fires when both of its windows burn faster than its threshold (SRE workbook, multi-window
        multi-burn-rate), and only once the console holds data over its whole long window: a rate over the few minutes a young console holds
        is the rate of those minutes.
      </p>
    </div>
  );
}
