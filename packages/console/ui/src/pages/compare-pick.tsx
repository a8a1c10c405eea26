import { type FormEvent, useState } from 'react';
import { Notice } from '../components/notice.js';
import { hrefOf, Link, navigate } from '../router.js';
import { CompareRoutes } from './compare-routes.js';

/** The page without trace A: how to pick two traces, or a route's typical request beside a slow one. */
export function ChooseTraces() {
  return (
    <div className="page">
      <Notice>
        Open a trace and choose “Compare…” to pick another trace of its operation (its root span’s name), give two trace ids, or put a
        route’s typical request beside a slow one.
      </Notice>
      <PickForm a="" b="" />
      <CompareRoutes />
    </div>
  );
}

/** Trace ids for A and B, typed or pasted; `service` and `route` carry over so "pick another B" still knows the operation. */
function PickForm({ a, b, service, route }: { a: string; b: string; service?: string; route?: string }) {
  const [draft, setDraft] = useState({ a, b });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(hrefOf('/compare', { a: draft.a.trim(), b: draft.b.trim(), service, route }));
  };
  return (
    <form className="search-form" onSubmit={submit}>
      <label className="wide">
        Trace A
        <input name="a" placeholder="32 hex digits" value={draft.a} onChange={(event) => setDraft({ ...draft, a: event.target.value })} />
      </label>
      <label className="wide">
        Trace B
        <input name="b" placeholder="32 hex digits" value={draft.b} onChange={(event) => setDraft({ ...draft, b: event.target.value })} />
      </label>
      <button type="submit" className="primary">
        Compare
      </button>
    </form>
  );
}

/** Once two traces are compared: other ids, A and B swapped, or another B of A's operation. */
export function ChangeTraces({ a, b, service, route }: { a: string; b: string; service: string; route: string }) {
  return (
    <details className="compare-change">
      <summary>Change A or B</summary>
      <div className="compare-change-links">
        <Link className="button" href={hrefOf('/compare', { a: b, b: a, service, route })}>
          Swap A and B
        </Link>
        <Link className="button" href={hrefOf('/compare', { a, service, route })}>
          Pick another B{service === '' ? '' : ` of ${service}`}
          {route === '' ? '' : ` ${route}`}
        </Link>
      </div>
      <PickForm key={`${a}:${b}`} a={a} b={b} service={service || undefined} route={route || undefined} />
    </details>
  );
}
