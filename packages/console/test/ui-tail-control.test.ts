import { describe, expect, it } from 'vitest';
import { tailControl } from '../ui/src/components/tail-control.js';

describe("the logs page's tail button beside the header's Live switch", () => {
  it('pauses a running tail, and resumes a paused one', () => {
    const running = tailControl({ tailPaused: false, livePaused: false });
    expect(running).toMatchObject({ label: '❚❚ Pause tail', next: { tailPaused: true, livePaused: false }, note: undefined });
    const paused = tailControl({ tailPaused: true, livePaused: false });
    expect(paused).toMatchObject({ label: '▶ Resume tail', next: { tailPaused: false, livePaused: false }, note: undefined });
  });

  it('with Live off in the header, says so and turns live updates on instead of toggling a pause that changes nothing', () => {
    const control = tailControl({ tailPaused: false, livePaused: true });
    expect(control.label).toBe('▶ Turn live updates on');
    expect(control.next).toEqual({ tailPaused: false, livePaused: false });
    expect(control.note).toContain('Live updates are paused');
  });

  it('after a failed search offers nothing to pause: no tail runs for filters whose first page failed', () => {
    for (const state of [
      { tailPaused: false, livePaused: false },
      { tailPaused: true, livePaused: true },
    ]) {
      const control = tailControl({ ...state, searchFailed: true });
      expect(control.disabled).toBe(true);
      expect(control.label).not.toContain('Pause');
      expect(control.next).toEqual(state);
    }
    expect(tailControl({ tailPaused: false, livePaused: false, searchFailed: false }).disabled).toBe(false);
  });

  it('resumes a paused tail with Live off by turning both on: resuming means new lines arrive', () => {
    const control = tailControl({ tailPaused: true, livePaused: true });
    expect(control.label).toBe('▶ Resume tail');
    expect(control.next).toEqual({ tailPaused: false, livePaused: false });
    expect(control.title).toContain('live updates');
    expect(control.note).toContain('Live updates are paused');
  });
});
