import { describe, expect, it } from 'vitest';
import { formatErrorGroup, formatErrorGroups } from './errors.js';

const group = {
  fingerprint: 'f00d',
  type: 'CardDeclinedError',
  message: 'card declined',
  count: 3,
  firstSeenMs: Date.UTC(2026, 11, 4, 10),
  lastSeenMs: Date.UTC(2026, 11, 4, 11),
  services: ['payments'],
  routes: ['/payments'],
  sampleStack: null,
  status: 'regressed',
  statusChangedMs: Date.UTC(2026, 11, 4, 10, 30),
  firstVersion: '1.4.2',
  lastVersion: '1.5.0',
  versions: ['1.4.2', '1.4.3', '1.5.0'],
  occurrences: [],
};

describe('sightline errors output', () => {
  it("names a group's status, when it was set, and the releases it was seen in", () => {
    const text = formatErrorGroup(group);
    expect(text).toContain('status       regressed (set 2026-12-04T10:30:00.000Z)\n');
    expect(text).toContain('versions     first 1.4.2, latest 1.5.0; seen in 1.4.2, 1.4.3, 1.5.0\n');
    expect(
      formatErrorGroup({ ...group, versions: ['1.4.2'], lastVersion: '1.4.2', statusChangedMs: null, status: 'unresolved' }),
    ).toContain('status       unresolved\ncount        3\n');
    expect(formatErrorGroup({ ...group, versions: ['1.4.2'], lastVersion: '1.4.2' })).toContain('versions     1.4.2\n');
  });

  it('lists each group with its status', () => {
    const [header, row] = formatErrorGroups([group]).trimEnd().split('\n');
    expect(header).toMatch(/^FINGERPRINT\s+STATUS\s+COUNT/);
    expect(row).toMatch(/^f00d\s+regressed\s+3\s/);
  });
});
