import { describe, expect, it } from 'vitest';
import { buildHeapProfile, encodeGzipped, type FrameSpec } from '../../test/support/build-profile.js';
import { CliError } from '../errors.js';
import { chooseSampleType } from './aggregate.js';
import { decodeProfile } from './decode.js';
import { diffProfiles } from './diff.js';
import { formatDiffTable } from './format-table.js';

const handler: FrameSpec = { fn: 'handleOrder', file: 'file:///srv/app/orders.js', line: 10 };
const router: FrameSpec = { fn: 'dispatch', file: 'file:///srv/app/router.js', line: 3 };
const retain: FrameSpec = { fn: 'retainOrderSnapshots', file: 'file:///srv/app/cache.js', line: 42 };
const parse: FrameSpec = { fn: 'parseBody', file: 'file:///srv/app/body.js', line: 7 };
const render: FrameSpec = { fn: 'renderPage', file: 'file:///srv/app/view.js', line: 99 };

/** Round trip through bytes, as the CLI sees profiles. */
const roundTrip = (profile: ReturnType<typeof buildHeapProfile>, name: string) => decodeProfile(encodeGzipped(profile), name);

const base = roundTrip(
  buildHeapProfile([
    { stack: [retain, handler, router], objects: 10, bytes: 1_000_000 },
    { stack: [parse, handler, router], objects: 50, bytes: 500_000 },
    { stack: [render, router], objects: 5, bytes: 2_000_000 },
  ]),
  'base.pb.gz',
);
const current = roundTrip(
  buildHeapProfile(
    [
      // The same site reached twice: aggregated per site before diffing.
      { stack: [render, router], objects: 5, bytes: 1_500_000 },
      { stack: [parse, handler, router], objects: 60, bytes: 700_000 },
      { stack: [retain, handler, router], objects: 60, bytes: 4_000_000 },
      { stack: [retain, router], objects: 40, bytes: 2_000_000 },
      { stack: [{ fn: 'openSocket', file: 'node:net', line: 1 }], objects: 1, bytes: 300_000 },
    ],
    { idOffset: 100 },
  ),
  'current.pb.gz',
);

describe('diffProfiles', () => {
  it('orders allocation sites by in-use byte growth, largest first, leaving out sites that shrank', () => {
    const diff = diffProfiles(base, current);
    expect(diff.sampleType).toBe('space/bytes');
    expect(diff.growing.map((site) => [site.frames[0]!.functionName, site.growth])).toEqual([
      ['retainOrderSnapshots', 5_000_000],
      ['openSocket', 300_000],
      ['parseBody', 200_000],
    ]);
    expect(diff.growing[0]).toMatchObject({ before: 1_000_000, after: 6_000_000, growthPercent: 500 });
    expect(diff.growing[1]!.growthPercent).toBeUndefined();
    expect(diff.totalBefore).toBe(3_500_000);
    expect(diff.totalAfter).toBe(8_500_000);
  });

  it("puts the app's site before Node's own when their growth and size are equal", () => {
    const stream: FrameSpec = { fn: 'callback', file: 'node:internal/streams/writable', line: 764 };
    const tied = roundTrip(
      buildHeapProfile([
        { stack: [stream], objects: 1, bytes: 829_440 },
        { stack: [retain, handler], objects: 1, bytes: 829_440 },
      ]),
      'tied.pb.gz',
    );
    const empty = roundTrip(buildHeapProfile([{ stack: [render], objects: 1, bytes: 1 }]), 'empty.pb.gz');
    expect(diffProfiles(empty, tied).growing.map((site) => site.frames[0]!.functionName)).toEqual(['retainOrderSnapshots', 'callback']);
  });

  it('keeps call stacks apart when grouping by stack', () => {
    const diff = diffProfiles(base, current, { groupBy: 'stack' });
    expect(diff.growing.slice(0, 2).map((site) => [site.frames.map((frame) => frame.functionName).join(' < '), site.growth])).toEqual([
      ['retainOrderSnapshots < handleOrder < dispatch', 3_000_000],
      ['retainOrderSnapshots < dispatch', 2_000_000],
    ]);
  });

  it('compares another sample type when asked', () => {
    const diff = diffProfiles(base, current, { sampleType: 'objects' });
    expect(diff.sampleType).toBe('objects/count');
    expect(diff.growing[0]).toMatchObject({ growth: 90, before: 10, after: 100 });
  });

  it('names the sample types a profile has when asked for a missing one', () => {
    expect(() => chooseSampleType(current, 'alloc_space')).toThrow('it has objects/count, space/bytes');
  });
});

describe('decodeProfile', () => {
  it('reads gzipped and plain protobuf, and names the file that is neither', () => {
    const profile = buildHeapProfile([{ stack: [retain], objects: 1, bytes: 10 }]);
    expect(decodeProfile(profile.encode(), 'plain.pb').sample).toHaveLength(1);
    expect(() => decodeProfile(Buffer.from('not a profile at all'), 'notes.txt')).toThrow(CliError);
    expect(() => decodeProfile(Buffer.from('not a profile at all'), 'notes.txt')).toThrow('notes.txt is not a pprof profile');
  });
});

describe('formatDiffTable', () => {
  it('prints growth, growth %, before, after, function and file:line, largest first, cut at --top', () => {
    const table = formatDiffTable(diffProfiles(base, current), { top: 2 });
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toBe('space/bytes: 3.34 MiB → 8.11 MiB (+4.77 MiB); 3 site(s) grew');
    expect(lines[2]).toMatch(/^growth\s+growth %\s+before\s+after\s+function\s+location$/);
    expect(lines[3]).toMatch(/^\+4\.77 MiB\s+\+500%\s+977 KiB\s+5\.72 MiB\s+retainOrderSnapshots\s+\/srv\/app\/cache\.js:42$/);
    expect(lines[4]).toMatch(/^\+293 KiB\s+new\s+0 B\s+293 KiB\s+openSocket\s+node:net:1$/);
    expect(lines).toHaveLength(5);
  });

  it('lists callers under each row with showStacks', () => {
    const table = formatDiffTable(diffProfiles(base, current, { groupBy: 'stack' }), { top: 1, showStacks: true });
    expect(table).toContain(
      'retainOrderSnapshots  /srv/app/cache.js:42\n    ← handleOrder /srv/app/orders.js:10\n    ← dispatch /srv/app/router.js:3\n',
    );
  });

  it('says so when nothing grew', () => {
    expect(formatDiffTable(diffProfiles(base, base), { top: 5 })).toContain('no allocation site grew');
  });
});
