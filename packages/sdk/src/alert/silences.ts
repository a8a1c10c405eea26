import type { AlertListFilter } from './alert-filter.js';
import { alertListQuery } from './alert-filter.js';
import { type RequestPolicy, requestAlertmanager, requestAlertmanagerJson } from './alertmanager-request.js';
import { checkSilenceId, type SilenceInput, toPostableSilence } from './silence-input.js';

/** One silence as `GET /api/v2/silences` returns it. */
export interface AlertmanagerSilence {
  readonly id: string;
  readonly status: { readonly state: 'active' | 'pending' | 'expired' };
  readonly matchers: readonly { readonly name: string; readonly value: string; readonly isRegex: boolean; readonly isEqual?: boolean }[];
  readonly startsAt: string;
  readonly endsAt: string;
  readonly updatedAt: string;
  readonly createdBy: string;
  readonly comment: string;
}

/** Which silences `GET /api/v2/silences` lists: equality labels and matchers in Alertmanager's syntax. */
export type SilenceListFilter = Pick<AlertListFilter, 'labels' | 'matchers'>;

const SILENCES_PATH = '/api/v2/silences';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

export async function createSilence(policy: RequestPolicy, input: SilenceInput, signal: AbortSignal | undefined): Promise<string> {
  const body = JSON.stringify(toPostableSilence(input, Date.now()));
  const answer = await requestAlertmanagerJson<{ silenceID: string }>({ ...policy, retries: 0 }, 'POST', SILENCES_PATH, body, signal, {
    what: 'a JSON object with the silenceID',
    accept: (value) => isObject(value) && typeof value.silenceID === 'string',
  });
  return answer.silenceID;
}

export function listSilences(
  policy: RequestPolicy,
  filter: SilenceListFilter | undefined,
  signal: AbortSignal | undefined,
): Promise<AlertmanagerSilence[]> {
  const path = `${SILENCES_PATH}${alertListQuery({ labels: filter?.labels, matchers: filter?.matchers })}`;
  return requestAlertmanagerJson(policy, 'GET', path, undefined, signal, { what: 'a JSON array of silences', accept: Array.isArray });
}

export async function expireSilence(policy: RequestPolicy, id: string, signal: AbortSignal | undefined): Promise<void> {
  await requestAlertmanager(policy, 'DELETE', `/api/v2/silence/${checkSilenceId(id)}`, undefined, signal);
}
