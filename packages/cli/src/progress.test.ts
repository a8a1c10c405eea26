import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressLine, startCountdown } from './progress.js';

function capture(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, out: { isTTY, write: (text: string) => writes.push(text) } };
}

describe('startCountdown', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts the seconds down, then says it is finishing until stopped', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const { writes, out } = capture(false);
    const countdown = startCountdown(new ProgressLine(out, { plainEveryMs: 0 }), 'profiling CPU', 3000);
    vi.advanceTimersByTime(4000);
    countdown.stop();
    expect(writes).toEqual([
      'profiling CPU: 3s left\n',
      'profiling CPU: 2s left\n',
      'profiling CPU: 1s left\n',
      'profiling CPU: finishing…\n',
      'profiling CPU: finishing…\n',
    ]);
  });

  it('prints a plain line only every few seconds off a terminal', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const { writes, out } = capture(false);
    const countdown = startCountdown(new ProgressLine(out, { plainEveryMs: 5000 }), 'waiting', 12_000);
    vi.advanceTimersByTime(11_000);
    countdown.stop();
    expect(writes).toEqual(['waiting: 12s left\n', 'waiting: 7s left\n', 'waiting: 2s left\n']);
  });

  it('redraws in place on a terminal and clears the line when stopped', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const { writes, out } = capture(true);
    const countdown = startCountdown(new ProgressLine(out), 'waiting', 2000);
    vi.advanceTimersByTime(1000);
    countdown.stop();
    expect(writes).toEqual(['\r\x1b[2Kwaiting: 2s left', '\r\x1b[2Kwaiting: 1s left', '\r\x1b[2K']);
  });
});
