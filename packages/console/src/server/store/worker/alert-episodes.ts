import type { DuckDBConnection } from '@duckdb/node-api';
import type { AlertEpisode, AlertEpisodeChange, AlertEpisodeQuery } from '../queries.js';
import { clampLimit, inTransaction, num, numOrNull, Params, rows, text, textOrNull } from './sql.js';

/**
 * The console's alert history: one row per episode of an alert (from when its evaluation first
 * called for it to when it stopped), in the main database beside the error group states: small,
 * kept across restarts, pruned by the store's retention as episodes end.
 */
export const EPISODES_TABLE = 'alert_episodes';
export const CREATE_EPISODES_TABLE = `CREATE TABLE IF NOT EXISTS ${EPISODES_TABLE} (
  Key VARCHAR NOT NULL, AlertName VARCHAR NOT NULL, Summary VARCHAR NOT NULL, Labels VARCHAR NOT NULL,
  Path VARCHAR, StartMs BIGINT NOT NULL, EndMs BIGINT)`;

/** Opens the episodes that started and closes those that ended, in one transaction; drops episodes that ended before `pruneBeforeMs`. */
export async function recordAlertEpisodes(connection: DuckDBConnection, change: AlertEpisodeChange, pruneBeforeMs: number): Promise<void> {
  await inTransaction(connection, async () => {
    for (const episode of change.started) {
      await connection.run(`INSERT INTO ${EPISODES_TABLE} VALUES ($1, $2, $3, $4, $5, $6, NULL)`, [
        episode.key,
        episode.alertname,
        episode.summary,
        JSON.stringify(episode.labels),
        episode.path,
        BigInt(Math.round(episode.startMs)),
      ]);
    }
    for (const { key, endMs } of change.ended) {
      await connection.run(`UPDATE ${EPISODES_TABLE} SET EndMs = $1 WHERE Key = $2 AND EndMs IS NULL`, [BigInt(Math.round(endMs)), key]);
    }
    await connection.run(`DELETE FROM ${EPISODES_TABLE} WHERE EndMs < $1`, [BigInt(Math.floor(pruneBeforeMs))]);
  });
}

/** Episodes newest first (the open ones only with `open`). */
export async function alertEpisodes(connection: DuckDBConnection, query: AlertEpisodeQuery): Promise<AlertEpisode[]> {
  const params = new Params();
  const conditions = query.open === true ? ['EndMs IS NULL'] : [];
  if (query.keys !== undefined) {
    conditions.push(query.keys.length === 0 ? 'FALSE' : `Key IN (${query.keys.map((key) => params.add(key)).join(', ')})`);
  }
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  const sql = `SELECT * FROM ${EPISODES_TABLE} ${where} ORDER BY StartMs DESC, Key LIMIT ${params.add(clampLimit(query.limit, 100))}`;
  return (await rows(connection, sql, params)).map((row) => ({
    key: text(row.Key!),
    alertname: text(row.AlertName!),
    summary: text(row.Summary!),
    labels: JSON.parse(text(row.Labels!)) as Record<string, string>,
    path: textOrNull(row.Path ?? null),
    startMs: num(row.StartMs!),
    endMs: numOrNull(row.EndMs ?? null),
  }));
}
