import { api } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { ServiceName } from '../components/badges.js';
import { ErrorNotice, Loading } from '../components/notice.js';
import { BurnRateTable } from './burn-rate-table.js';
import { AlertBadge, Coverage } from './slo-badges.js';
import { SloBudgetChart } from './slo-budget-chart.js';
import { SloHeadline } from './slo-headline.js';
import { sliText } from './slo-text.js';

/** One SLO: headline numbers, budget over time, burn rate per alert window and which alert would fire. */
export function SloPage({ id }: { id: string }) {
  const slo = useApi(`slo:${id}`, (signal) => api.slo(id, signal));
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
      <SloHeadline detail={detail} />
      <div className="trace-facts">
        <span>SLI: {sliText(detail)}</span>
        <Coverage slo={detail} />
      </div>
      <SloBudgetChart detail={detail} />
      <h3>Burn rate per alert window</h3>
      <BurnRateTable detail={detail} />
    </div>
  );
}
