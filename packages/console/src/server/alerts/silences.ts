import type { AlertmanagerClient, AlertmanagerSilence, SilenceMatcher } from '@sightline/sdk/alertmanager';

/** A silence as the console shows it: Alertmanager's, with times in ms. */
export interface Silence {
  readonly id: string;
  /** Active now, or pending (it starts later). Expired ones are not listed. */
  readonly state: 'active' | 'pending';
  readonly matchers: readonly Required<SilenceMatcher>[];
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  readonly createdBy: string;
  readonly comment: string;
}

/** What creating a silence takes: equality labels and/or matchers, for how long, who and why. */
export interface SilenceRequest {
  readonly labels: Readonly<Record<string, string>>;
  readonly matchers: readonly SilenceMatcher[];
  readonly durationMs: number;
  readonly createdBy: string;
  readonly comment: string;
}

/** Silences live in Alertmanager: the console lists, makes and ends them there. */
export interface AlertSilences {
  /** Alertmanager's base URL. */
  readonly url: string;
  /** Active and pending silences, the soonest to end first. */
  list(): Promise<Silence[]>;
  /** Resolves with the new silence's id. */
  create(request: SilenceRequest): Promise<string>;
  expire(id: string): Promise<void>;
}

function silenceOf(silence: AlertmanagerSilence): Silence | undefined {
  const { state } = silence.status;
  if (state !== 'active' && state !== 'pending') return undefined;
  return {
    id: silence.id,
    state,
    matchers: silence.matchers.map(({ name, value, isRegex, isEqual }) => ({ name, value, isRegex, isEqual: isEqual ?? true })),
    startsAtMs: Date.parse(silence.startsAt),
    endsAtMs: Date.parse(silence.endsAt),
    createdBy: silence.createdBy,
    comment: silence.comment,
  };
}

export function alertSilences(client: AlertmanagerClient): AlertSilences {
  return {
    url: client.url,
    async list() {
      const silences = (await client.silences()).map(silenceOf).filter((silence) => silence !== undefined);
      return silences.sort((a, b) => a.endsAtMs - b.endsAtMs || (a.id < b.id ? -1 : 1));
    },
    create: ({ labels, matchers, durationMs, createdBy, comment }) => client.silence({ labels, matchers, durationMs, createdBy, comment }),
    expire: (id) => client.expireSilence(id),
  };
}

/** Whether one matcher holds for a label set (a missing label reads as empty, as in Alertmanager; a regex is anchored at both ends). */
function holds(matcher: Required<SilenceMatcher>, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[matcher.name] ?? '';
  let matches: boolean;
  if (!matcher.isRegex) matches = value === matcher.value;
  else {
    try {
      matches = new RegExp(`^(?:${matcher.value})$`).test(value);
    } catch {
      // RE2 syntax JavaScript cannot read: Alertmanager's own verdict is not known here.
      return false;
    }
  }
  return matches === matcher.isEqual;
}

/** The ids of the active silences that mute an alert of these labels (alertname included). */
export function silencedBy(labels: Readonly<Record<string, string>>, silences: readonly Silence[], nowMs: number): string[] {
  return silences
    .filter(
      (silence) => silence.startsAtMs <= nowMs && nowMs < silence.endsAtMs && silence.matchers.every((matcher) => holds(matcher, labels)),
    )
    .map((silence) => silence.id);
}
