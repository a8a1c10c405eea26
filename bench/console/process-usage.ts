// CPU time and RSS of another process, read from /proc by its pid (Linux): no IPC round trip, so
// a sample arrives even while the process's event loop is busy, and it covers all its threads
// (the console's store worker included).
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times: USER_HZ is 100 on every Linux Node supports. */
const TICKS_PER_SECOND = 100;

export interface ProcessUsage {
  /** User + system CPU seconds since the process started, all threads. */
  readonly cpuSeconds: number;
  /** Resident set size, bytes. */
  readonly rssBytes: number;
  /**
   * Seconds its live threads have spent runnable but waiting for a CPU (schedstat run_delay, summed
   * over /proc/<pid>/task/*): how much a busy machine held the process back. NaN without schedstat.
   */
  readonly cpuWaitSeconds: number;
}

/** The process's usage now, or undefined when /proc is not there (not Linux) or the process is gone. */
export function processUsage(pid: number): ProcessUsage | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces: state is field 3,
    // utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    if (rss === null) return undefined;
    return { cpuSeconds: ticks / TICKS_PER_SECOND, rssBytes: Number(rss[1]) * 1024, cpuWaitSeconds: runDelaySeconds(pid) };
  } catch {
    return undefined;
  }
}

export interface RssSummary {
  readonly start: number;
  readonly peak: number;
  readonly end: number;
  /** Every sample, bytes, in order. */
  readonly samples: readonly number[];
}

function runDelaySeconds(pid: number): number {
  let nanoseconds = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      nanoseconds += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[1]);
    } catch {
      // The thread ended between the listing and the read: its delay is lost, a small undercount.
    }
  }
  return nanoseconds / 1e9;
}

/** RSS sampled every `intervalMs` (and once at start and stop): start, peak, end. */
export class RssSampler {
  private readonly samples: number[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs: number,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  private sample(): void {
    const usage = processUsage(this.pid);
    if (usage !== undefined) this.samples.push(usage.rssBytes);
  }

  stop(): RssSummary {
    clearInterval(this.timer);
    this.sample();
    const { samples } = this;
    return {
      start: samples[0] ?? Number.NaN,
      peak: samples.length === 0 ? Number.NaN : Math.max(...samples),
      end: samples[samples.length - 1] ?? Number.NaN,
      samples: [...samples],
    };
  }
}
