import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the console keeps its database by default: the platform's per-user data directory
 * (XDG_DATA_HOME on Linux, Application Support on macOS, LOCALAPPDATA on Windows).
 */
export function defaultDatabasePath(env: Record<string, string | undefined>, platform = process.platform, home = homedir()): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'sightline', 'console.duckdb');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'sightline', 'console.duckdb');
  const dataHome = env.XDG_DATA_HOME !== undefined && env.XDG_DATA_HOME !== '' ? env.XDG_DATA_HOME : join(home, '.local', 'share');
  return join(dataHome, 'sightline', 'console.duckdb');
}
