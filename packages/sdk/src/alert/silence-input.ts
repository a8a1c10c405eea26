import { z } from 'zod';
import { SightlineAlertError } from './alert-errors.js';
import { type AlertTime, formatIssue, nameSchema, timeSchema } from './alert-input.js';

/** One matcher of a silence, as Alertmanager's v2 API has it: `name="value"`, `name!="value"`, `name=~"re"`, `name!~"re"`. */
export interface SilenceMatcher {
  readonly name: string;
  readonly value: string;
  /** The value is a regular expression (RE2, anchored at both ends). Default false. */
  readonly isRegex?: boolean;
  /** False negates the matcher (`!=`, `!~`). Default true. */
  readonly isEqual?: boolean;
}

/** A silence to create: which alerts it mutes (all matchers must match), for how long, who made it and why. */
export interface SilenceInput {
  /** Equality matchers, the usual case: an alert's own labels mute that alert. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Any other matchers; combined with `labels`. At least one matcher in all. */
  readonly matchers?: readonly SilenceMatcher[];
  /** Default now. */
  readonly startsAt?: AlertTime;
  /** When it ends; or give `durationMs` from its start. */
  readonly endsAt?: AlertTime;
  readonly durationMs?: number;
  /** Who made it (a name or e-mail): Alertmanager shows it beside the silence. */
  readonly createdBy: string;
  /** Why: Alertmanager shows it beside the silence. */
  readonly comment: string;
}

/** The JSON body of `POST /api/v2/silences`. */
export interface PostableSilence {
  matchers: { name: string; value: string; isRegex: boolean; isEqual: boolean }[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

const matcherSchema = z
  .object({
    name: nameSchema('matcher'),
    value: z.string(),
    isRegex: z.boolean().default(false),
    isEqual: z.boolean().default(true),
  })
  .strict();

const silenceSchema = z
  .object({
    labels: z.record(nameSchema('label'), z.string()).default({}),
    matchers: z.array(matcherSchema).default([]),
    startsAt: timeSchema.optional(),
    endsAt: timeSchema.optional(),
    durationMs: z.number().int().positive().optional(),
    createdBy: z.string().trim().min(1, 'say who makes the silence (a name or e-mail)'),
    comment: z.string().trim().min(1, 'say why the alerts are silenced'),
  })
  .strict();

/** Whether a matcher matches the empty string: Alertmanager refuses a silence all of whose matchers do (it would mute everything). */
function matchesEmpty(matcher: PostableSilence['matchers'][number]): boolean {
  const matches = matcher.isRegex ? new RegExp(`^(?:${matcher.value})$`).test('') : matcher.value === '';
  return matches === matcher.isEqual;
}

/**
 * Checks a silence and turns it into the request body: at least one matcher, one that does not
 * match the empty string; regular expressions that compile; an end after its start and after now.
 * Every problem is reported in one SightlineAlertError.
 */
export function toPostableSilence(input: SilenceInput, nowMs: number): PostableSilence {
  const parsed = silenceSchema.safeParse(input);
  if (!parsed.success)
    throw new SightlineAlertError(
      parsed.error.issues.map((issue) => formatIssue(issue, '')),
      'silence',
    );
  const { labels, startsAt, endsAt, durationMs, createdBy, comment } = parsed.data;
  const matchers = [
    ...Object.entries(labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
    ...parsed.data.matchers,
  ];
  const issues: string[] = [];
  for (const [index, matcher] of matchers.entries()) {
    if (!matcher.isRegex) continue;
    try {
      new RegExp(matcher.value);
    } catch (error) {
      issues.push(`matchers.${index}.value: not a regular expression: ${(error as Error).message}`);
    }
  }
  if (matchers.length === 0) issues.push('matchers: at least one matcher (or label) is required');
  else if (issues.length === 0 && matchers.every(matchesEmpty)) {
    issues.push('matchers: at least one matcher must not match the empty string (else the silence would mute every alert)');
  }
  if ((endsAt === undefined) === (durationMs === undefined)) issues.push('endsAt: give either endsAt or durationMs');
  const startMs = startsAt === undefined ? nowMs : Date.parse(startsAt);
  const endMs = endsAt === undefined ? startMs + (durationMs ?? 0) : Date.parse(endsAt);
  if (endMs <= startMs) issues.push('endsAt: must be after startsAt');
  else if (endMs <= nowMs) issues.push('endsAt: must be in the future');
  if (issues.length > 0) throw new SightlineAlertError(issues, 'silence');
  return {
    matchers,
    startsAt: new Date(startMs).toISOString(),
    endsAt: new Date(endMs).toISOString(),
    createdBy,
    comment,
  };
}

/** A silence id as Alertmanager makes them (a UUID): checked before it goes into a path. */
export function checkSilenceId(id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw new SightlineAlertError([`id: "${id.slice(0, 80)}" is not a silence id (a UUID)`], 'silence');
  }
  return id;
}
