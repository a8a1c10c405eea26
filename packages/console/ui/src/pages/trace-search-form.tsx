import { type FormEvent, useEffect, useState } from 'react';
import { hrefOf, navigate } from '../router.js';
import type { TraceSearchField, TraceSearchValues } from './use-trace-search.js';

const SPAN_KINDS = ['server', 'client', 'internal', 'producer', 'consumer'];
const STATUSES = ['ok', 'error'];
/** The windows besides the default, 1h (written as no `since`). */
const WINDOWS = ['15m', '6h', '24h', '7d'];

/** The search's fields as typed, until Search puts them in the URL; they follow the URL (back, forward, links). */
export function TraceSearchForm({ values, searchKey }: { values: TraceSearchValues; searchKey: string }) {
  const [draft, setDraft] = useState(values);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form follows the URL (back, forward, links), encoded in `searchKey`.
  useEffect(() => setDraft(values), [searchKey]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(hrefOf('/traces', draft));
  };
  const field = (name: TraceSearchField) => ({
    value: draft[name],
    onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [name]: event.target.value }),
  });
  return (
    <form className="search-form" onSubmit={submit}>
      <label>
        Service
        <input name="service" placeholder="any" {...field('service')} />
      </label>
      <label>
        Route
        <input name="route" placeholder="/orders/:id" {...field('route')} />
      </label>
      <label>
        Span kind
        <select name="kind" {...field('kind')}>
          <option value="">any</option>
          <Options values={SPAN_KINDS} />
        </select>
      </label>
      <label>
        Status
        <select name="status" {...field('status')}>
          <option value="">any</option>
          <Options values={STATUSES} />
        </select>
      </label>
      <label>
        Min duration (ms)
        <input name="minDurationMs" type="number" min="0" placeholder="0" {...field('minDurationMs')} />
      </label>
      <label className="wide">
        Attributes
        <input name="attrs" placeholder="http.response.status_code=500, user.id=u1" {...field('attrs')} />
      </label>
      <label>
        Since
        <select name="since" {...field('since')}>
          <option value="">1h</option>
          <Options values={WINDOWS} />
        </select>
      </label>
      <button type="submit" className="primary">
        Search
      </button>
    </form>
  );
}

/** A select's options, each labelled with its value. */
function Options({ values }: { values: readonly string[] }) {
  return values.map((value) => (
    <option key={value} value={value}>
      {value}
    </option>
  ));
}
