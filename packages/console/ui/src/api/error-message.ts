/** What the API answers with a refusal: its message, and for a 400 each parameter at fault with why. */
interface RefusalBody {
  readonly message?: unknown;
  readonly issues?: readonly { readonly parameter?: unknown; readonly message?: unknown }[];
}

/**
 * The words a page shows for a refused request: the API's message with the reason for each
 * parameter ("bad body field(s): link — link: a console path (/traces/…) or an http(s) URL"),
 * not the field's name alone; the status line when the answer says nothing.
 */
export function refusalMessage(statusLine: string, body: unknown): string {
  const refusal = (typeof body === 'object' && body !== null ? body : {}) as RefusalBody;
  const message = typeof refusal.message === 'string' && refusal.message !== '' ? refusal.message : statusLine;
  const reasons = (Array.isArray(refusal.issues) ? refusal.issues : [])
    .filter((issue) => typeof issue.parameter === 'string' && typeof issue.message === 'string')
    .map((issue) => `${issue.parameter as string}: ${issue.message as string}`);
  return reasons.length === 0 ? message : `${message} — ${reasons.join('; ')}`;
}
