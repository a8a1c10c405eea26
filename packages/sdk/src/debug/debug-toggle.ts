import type { Logger } from 'pino';
import { z } from 'zod';
import type { LogLevel } from '../config/index.js';
import { bindToBackground } from '../context/index.js';
import type { RequestPass } from '../http/index.js';
import { SightlineConfigError } from '../sightline-error/index.js';
import { DumpRedactor } from './dump-redaction.js';
import { RequestDumper } from './request-dump.js';
import type { ToggleScope } from './toggle-scope.js';

const DEFAULT_DURATION_SECONDS = 300;

export interface DebugToggleStatus {
  readonly active: boolean;
  /** off; global: every line at the level; scoped: only lines of matching requests. */
  readonly mode: 'off' | 'global' | 'scoped';
  /** The root logger's level now. */
  readonly level: string;
  /** What the level goes back to when the toggle ends. */
  readonly baseLevel: string;
  readonly route?: string;
  readonly userId?: string;
  /** Request/response dumps are being written. */
  readonly dump: boolean;
  readonly startedAt?: string;
  readonly expiresAt?: string;
  readonly remainingSeconds?: number;
}

export interface DebugToggleOptions {
  readonly logs: {
    readonly logger: Logger;
    readonly accessLogger: Logger;
    setLevel(level: LogLevel): void;
  };
  readonly http: Pick<RequestPass, 'addListener'>;
  /** Shared with the logger as its level gate (createLoggerSetup's `levelGate`). */
  readonly scope: ToggleScope;
  /** Longest toggle accepted, in seconds. */
  readonly maxDurationSeconds: number;
  /** Bodies in dumps are cut at this many bytes. */
  readonly maxBodyBytes: number;
  /** Redaction of dumps: the logger's extra keys and censor (log.redact). */
  readonly redact: { readonly keys: readonly string[]; readonly censor: string };
}

interface Active {
  readonly baseLevel: LogLevel;
  /** The level the toggle set; restored from only if nobody changed it since. */
  readonly level: LogLevel;
  readonly route: string | undefined;
  readonly userId: string | undefined;
  readonly dump: boolean;
  readonly startedAt: number;
  readonly expiresAt: number;
  readonly timer: NodeJS.Timeout;
  readonly removeListeners: readonly (() => void)[];
}

function bodySchema(maxDurationSeconds: number) {
  return z
    .object({
      level: z.enum(['debug', 'trace']).default('debug'),
      route: z.string().startsWith('/', 'route must be a route template or path starting with "/"').max(1024).optional(),
      userId: z.string().min(1).max(256).optional(),
      durationSeconds: z
        .number()
        .positive()
        .max(maxDurationSeconds, `durationSeconds must be at most ${maxDurationSeconds}`)
        .default(Math.min(DEFAULT_DURATION_SECONDS, maxDurationSeconds)),
      dump: z.boolean().default(true),
    })
    .strict();
}

/**
 * Turns debug logging (and request dumps) on for a limited time, for the whole service or
 * one route or user, and back off by itself. Driven by the debug server's /debug/toggle.
 * The level change and the dump listener exist only while a toggle is on; when none is,
 * requests and log lines pay nothing for it but the gate's one comparison.
 */
export class DebugToggle {
  readonly #options: DebugToggleOptions;
  readonly #schema: ReturnType<typeof bodySchema>;
  readonly #dumper: RequestDumper;
  #active: Active | undefined;

  constructor(options: DebugToggleOptions) {
    this.#options = options;
    this.#schema = bodySchema(options.maxDurationSeconds);
    this.#dumper = new RequestDumper({
      logger: options.logs.accessLogger,
      redactor: new DumpRedactor({ keys: options.redact.keys, censor: options.redact.censor, maxBodyBytes: options.maxBodyBytes }),
      maxBodyBytes: options.maxBodyBytes,
      scope: options.scope,
    });
  }

  /**
   * Validates `body` ({ level, route, userId, durationSeconds, dump }) and turns the toggle on,
   * replacing one that is on. Throws a SightlineConfigError naming the bad field.
   */
  apply(body: unknown, actor?: string): DebugToggleStatus {
    const parsed = this.#schema.safeParse(body ?? {});
    if (!parsed.success) {
      throw new SightlineConfigError(
        parsed.error.issues.map((issue) => `debug toggle ${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`),
      );
    }
    const request = parsed.data;
    const { logs, scope } = this.#options;
    const replaced = this.#active;
    const baseLevel = replaced?.baseLevel ?? (logs.logger.level as LogLevel);
    if (replaced !== undefined) this.#stop(replaced);

    const values = logs.logger.levels.values;
    const level = (values[request.level] as number) < levelValue(values, baseLevel) ? request.level : baseLevel;
    const scoped = request.route !== undefined || request.userId !== undefined;
    // Gate first, then lower the level: no line slips through in between.
    if (scoped) scope.open({ route: request.route, userId: request.userId }, levelValue(values, baseLevel));
    logs.setLevel(level);

    const removeListeners: (() => void)[] = [];
    if (request.route !== undefined) removeListeners.push(this.#options.http.addListener({ onBegin: (state) => scope.track(state) }));
    if (request.dump) removeListeners.push(this.#options.http.addListener(this.#dumper));
    const startedAt = Date.now();
    // The expiry's log line belongs to no request, whichever one turned the toggle on.
    const timer = setTimeout(
      bindToBackground(() => this.#expire()),
      request.durationSeconds * 1000,
    );
    timer.unref();
    this.#active = {
      baseLevel,
      level,
      route: request.route,
      userId: request.userId,
      dump: request.dump,
      startedAt,
      expiresAt: startedAt + request.durationSeconds * 1000,
      timer,
      removeListeners,
    };
    const status = this.status();
    this.#audit(baseLevel, { debug_toggle: status, actor, replaced: replaced !== undefined }, 'debug toggle enabled');
    return status;
  }

  status(): DebugToggleStatus {
    const active = this.#active;
    const level = this.#options.logs.logger.level;
    if (active === undefined) return { active: false, mode: 'off', level, baseLevel: level, dump: false };
    const remainingMs = Math.max(0, active.expiresAt - Date.now());
    return {
      active: true,
      mode: active.route === undefined && active.userId === undefined ? 'global' : 'scoped',
      level,
      baseLevel: active.baseLevel,
      ...(active.route === undefined ? {} : { route: active.route }),
      ...(active.userId === undefined ? {} : { userId: active.userId }),
      dump: active.dump,
      startedAt: new Date(active.startedAt).toISOString(),
      expiresAt: new Date(active.expiresAt).toISOString(),
      remainingSeconds: Math.ceil(remainingMs / 1000),
    };
  }

  /** Turns the toggle off now (a no-op when it is off) and restores the level. */
  disable(actor?: string): DebugToggleStatus {
    this.#end('disabled', actor);
    return this.status();
  }

  /** For the observer's shutdown: stops dumping and restores the level. */
  shutdown(): void {
    this.#end('shutdown', undefined);
  }

  #expire(): void {
    this.#end('expired', undefined);
  }

  #end(reason: 'disabled' | 'expired' | 'shutdown', actor: string | undefined): void {
    const active = this.#active;
    if (active === undefined) return;
    const ended = this.status();
    this.#stop(active);
    this.#audit(
      active.baseLevel,
      { debug_toggle: { ...ended, active: false, level: this.#options.logs.logger.level }, reason, actor },
      `debug toggle ${reason === 'disabled' ? 'disabled' : reason === 'expired' ? 'expired' : 'ended at shutdown'}`,
    );
  }

  /** Info, or the configured level when that is higher: a toggle changing what is logged is always on record. */
  #audit(baseLevel: LogLevel, fields: Record<string, unknown>, message: string): void {
    const logger = this.#options.logs.logger;
    const level = baseLevel === 'warn' || baseLevel === 'error' || baseLevel === 'fatal' ? baseLevel : 'info';
    logger[level](fields, message);
  }

  #stop(active: Active): void {
    this.#active = undefined;
    clearTimeout(active.timer);
    for (const remove of active.removeListeners) remove();
    const { logs, scope } = this.#options;
    // Someone set another level meanwhile (observer.setLogLevel): theirs stays.
    if (logs.logger.level === active.level) logs.setLevel(active.baseLevel);
    scope.close();
  }
}

function levelValue(values: Record<string, number>, level: string): number {
  return level === 'silent' ? Number.POSITIVE_INFINITY : (values[level] ?? Number.POSITIVE_INFINITY);
}
