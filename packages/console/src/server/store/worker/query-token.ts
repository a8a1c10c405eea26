import type { DuckDBConnection } from '@duckdb/node-api';
import { QueryCancelledError } from '../errors.js';

/** How often a cancelled query's connection is interrupted again until its statement ends. */
const REINTERRUPT_MS = 5;

/**
 * One query's cancellation. `cancel()` marks it; a query still waiting for a reader then never
 * starts, and one running is stopped: its connection is interrupted (DuckDB fails the running
 * statement with INTERRUPT) and the connection it was given refuses further statements.
 * DuckDB's interrupt reaches only a statement already executing (it is cleared when the next one
 * begins, and one dispatched to DuckDB's thread but not yet begun would miss it), so it is
 * repeated every few milliseconds until the query lets go of the connection.
 */
export class QueryToken {
  private cancelledFlag = false;
  private startedFlag = false;
  private connection: DuckDBConnection | undefined;
  private timer: NodeJS.Timeout | undefined;

  get cancelled(): boolean {
    return this.cancelledFlag;
  }

  /** Whether its work was given a connection (a cancel then stopped it rather than skipped it). */
  get started(): boolean {
    return this.startedFlag;
  }

  cancel(): void {
    if (this.cancelledFlag) return;
    this.cancelledFlag = true;
    this.interrupt();
  }

  /** Throws QueryCancelledError once cancelled. */
  check(): void {
    if (this.cancelledFlag) throw new QueryCancelledError();
  }

  /**
   * Runs `work` on `connection` for this query: a QueryCancelledError once it is cancelled,
   * whether DuckDB stopped a statement or the cancel came between two.
   */
  async run<T>(connection: DuckDBConnection, work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    this.check();
    this.startedFlag = true;
    this.connection = connection;
    try {
      return await work(this.guard(connection));
    } catch (error) {
      if (this.cancelledFlag) throw new QueryCancelledError(`the query was cancelled: its caller went away (${(error as Error).message})`);
      throw error;
    } finally {
      this.connection = undefined;
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private interrupt(): void {
    const connection = this.connection;
    if (connection === undefined) return;
    connection.interrupt();
    this.timer ??= setInterval(() => this.connection?.interrupt(), REINTERRUPT_MS);
  }

  /** The connection, refusing to start another statement once the query is cancelled. */
  private guard(connection: DuckDBConnection): DuckDBConnection {
    return new Proxy(connection, {
      get: (target, key) => {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          this.check();
          return (value as (...args: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }
}
