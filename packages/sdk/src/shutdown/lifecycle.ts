import { inBackground } from '../context/index.js';
import { SightlineShutdownTimeoutError } from '../sightline-error/index.js';
import type { ShutdownPhase } from './shutdown-phase.js';

const BOUNDED_PHASES: readonly ShutdownPhase[] = ['intake', 'drain', 'flush'];
/** The close phase (log files, sockets) always runs, even after a timeout, with at least this budget. */
const CLOSE_BUDGET_MS = 1000;

/** Who registered a hook: the SDK's own (flush, close) or the app's (observer.onShutdown()). */
export type HookOwner = 'sdk' | 'app';

interface Hook {
  readonly name: string;
  readonly phase: ShutdownPhase;
  readonly run: () => unknown;
  readonly owner: HookOwner;
}

export class Lifecycle {
  readonly #hooks: Hook[] = [];
  readonly #timeoutMs: number;
  readonly #onHookError: (name: string, error: unknown, owner: HookOwner) => void;
  #shutdown: Promise<void> | undefined;

  constructor(timeoutMs: number, onHookError: (name: string, error: unknown, owner: HookOwner) => void) {
    this.#timeoutMs = timeoutMs;
    this.#onHookError = onHookError;
  }

  get stopping(): boolean {
    return this.#shutdown !== undefined;
  }

  register(name: string, phase: ShutdownPhase, run: () => unknown, owner: HookOwner = 'sdk'): void {
    this.#hooks.push({ name, phase, run, owner });
  }

  /**
   * Idempotent: every call returns the same promise, which always resolves. A phase still
   * pending at the deadline is reported (SightlineShutdownTimeoutError to onHookError) and
   * skipped, and the close phase still runs so buffered log lines reach their files.
   */
  shutdown(): Promise<void> {
    // Called from a request (an admin endpoint) or not, shutdown's lines and flushes belong to none.
    this.#shutdown ??= inBackground(() => this.#run());
    return this.#shutdown;
  }

  async #run(): Promise<void> {
    const deadline = Date.now() + this.#timeoutMs;
    for (const phase of BOUNDED_PHASES) {
      const pending = await this.#runPhase(phase, deadline - Date.now());
      if (pending.length > 0) {
        this.#onHookError('shutdown', new SightlineShutdownTimeoutError(this.#timeoutMs, pending), 'sdk');
        break;
      }
    }
    // Closing flushes log lines to a possibly slow reader (a pipe): it gets what is left of
    // the budget, and at least CLOSE_BUDGET_MS even when earlier phases used it all.
    const closeBudget = Math.max(CLOSE_BUDGET_MS, deadline - Date.now());
    const unclosed = await this.#runPhase('close', closeBudget);
    if (unclosed.length > 0) this.#onHookError('shutdown', new SightlineShutdownTimeoutError(closeBudget, unclosed), 'sdk');
  }

  /** Runs a phase's hooks concurrently; resolves with the names still pending after budgetMs. */
  async #runPhase(phase: ShutdownPhase, budgetMs: number): Promise<string[]> {
    const pending = new Set<string>();
    const runs = this.#hooks
      .filter((hook) => hook.phase === phase)
      .map(async (hook) => {
        pending.add(hook.name);
        try {
          await hook.run();
        } catch (error) {
          this.#onHookError(hook.name, error, hook.owner);
        } finally {
          pending.delete(hook.name);
        }
      });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, budgetMs));
      timer.unref();
    });
    await Promise.race([Promise.all(runs), timeout]);
    clearTimeout(timer);
    return [...pending];
  }
}
