import { describe, expect, it } from 'vitest';
import { SightlineAlertError } from './alert-errors.js';
import { checkSilenceId, toPostableSilence } from './silence-input.js';

const NOW = Date.UTC(2026, 11, 4, 12);
const iso = (ms: number) => new Date(ms).toISOString();

function issuesOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SightlineAlertError);
    return (error as SightlineAlertError).issues;
  }
  throw new Error('expected a SightlineAlertError');
}

describe('toPostableSilence', () => {
  it('turns labels into equality matchers beside the given ones, from now for durationMs', () => {
    const body = toPostableSilence(
      {
        labels: { alertname: 'SightlineErrorNew', fingerprint: 'f00d' },
        matchers: [{ name: 'env', value: 'dev', isEqual: false }],
        durationMs: 3_600_000,
        createdBy: ' on-call ',
        comment: 'deploy in progress',
      },
      NOW,
    );
    expect(body).toEqual({
      matchers: [
        { name: 'alertname', value: 'SightlineErrorNew', isRegex: false, isEqual: true },
        { name: 'fingerprint', value: 'f00d', isRegex: false, isEqual: true },
        { name: 'env', value: 'dev', isRegex: false, isEqual: false },
      ],
      startsAt: iso(NOW),
      endsAt: iso(NOW + 3_600_000),
      createdBy: 'on-call',
      comment: 'deploy in progress',
    });
  });

  it('takes a start and an end, and a silence that starts later (pending)', () => {
    const body = toPostableSilence(
      { labels: { a: 'b' }, startsAt: iso(NOW + 60_000), endsAt: new Date(NOW + 120_000), createdBy: 'x', comment: 'y' },
      NOW,
    );
    expect([body.startsAt, body.endsAt]).toEqual([iso(NOW + 60_000), iso(NOW + 120_000)]);
  });

  it('says it refused a silence (not an alert)', () => {
    expect(() => toPostableSilence({ createdBy: '', comment: 'b' } as never, NOW)).toThrow(/^Invalid silence:\n {2}- createdBy: /);
    expect(() => checkSilenceId('../alerts')).toThrow(/^Invalid silence:/);
  });

  it('reports every problem at once and by name', () => {
    expect(issuesOf(() => toPostableSilence({ createdBy: '', comment: ' ' } as never, NOW))).toEqual([
      'createdBy: say who makes the silence (a name or e-mail)',
      'comment: say why the alerts are silenced',
    ]);
    expect(issuesOf(() => toPostableSilence({ createdBy: 'a', comment: 'b' }, NOW))).toEqual([
      'matchers: at least one matcher (or label) is required',
      'endsAt: give either endsAt or durationMs',
      'endsAt: must be after startsAt',
    ]);
    expect(
      issuesOf(() =>
        toPostableSilence(
          {
            matchers: [{ name: 'x', value: '(', isRegex: true }],
            startsAt: iso(NOW - 10_000),
            endsAt: iso(NOW - 1),
            createdBy: 'a',
            comment: 'b',
          },
          NOW,
        ),
      ),
    ).toEqual([expect.stringMatching(/^matchers\.0\.value: not a regular expression: /), 'endsAt: must be in the future']);
    expect(issuesOf(() => toPostableSilence({ labels: { '1bad': 'v' }, durationMs: 1, createdBy: 'a', comment: 'b' }, NOW))).toEqual([
      expect.stringMatching(/^labels\.1bad: label names must match/),
    ]);
  });

  it('refuses matchers that all match the empty string: such a silence would mute every alert', () => {
    const mutesAll = [[{ name: 'a', value: '.*', isRegex: true }], [{ name: 'a', value: '' }], [{ name: 'a', value: 'x', isEqual: false }]];
    for (const matchers of mutesAll) {
      expect(issuesOf(() => toPostableSilence({ matchers, durationMs: 1, createdBy: 'a', comment: 'b' }, NOW))).toEqual([
        'matchers: at least one matcher must not match the empty string (else the silence would mute every alert)',
      ]);
    }
    expect(() =>
      toPostableSilence(
        { matchers: [...(mutesAll[0] ?? []), { name: 'b', value: 'x' }], durationMs: 1, createdBy: 'a', comment: 'b' },
        NOW,
      ),
    ).not.toThrow();
  });
});

describe('checkSilenceId', () => {
  it('passes a UUID and refuses anything that could leave the path', () => {
    expect(checkSilenceId('14a06db8-8644-48bf-937d-f8d811aa69b9')).toBe('14a06db8-8644-48bf-937d-f8d811aa69b9');
    for (const bad of ['../alerts', '', '14a06db8-8644-48bf-937d-f8d811aa69b9/x'])
      expect(() => checkSilenceId(bad)).toThrow(SightlineAlertError);
  });
});
