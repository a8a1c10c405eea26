/**
 * The store's defaults, in a module with no imports: the CLI shows them in its help without
 * loading the store (zod, worker plumbing) on every command.
 */

/** The size cap on disk when none is given. */
export const DEFAULT_MAX_SIZE = '2GiB';
/** The age past which partitions are dropped when none is given. */
export const DEFAULT_RETENTION = '7d';
/** DuckDB's memory_limit when none is given. */
export const DEFAULT_MEMORY_LIMIT = '512MB';
