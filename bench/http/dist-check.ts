// `--runtime dist` runs the server children on the workspace packages' built dist/: a dist older
// than its source would measure code that is no longer there, so the bench refuses to run on one.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

const PACKAGES = join(import.meta.dirname, '..', '..', 'packages');
/** The packages a server child imports at run time. */
const RUNTIME_PACKAGES = ['sdk', 'otlp'];

/** The newest modification time of the files under `folder` whose name passes `keep`; 0 when none. */
async function newest(folder: string, keep: (name: string) => boolean): Promise<number> {
  let latest = 0;
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !keep(entry.name)) continue;
    latest = Math.max(latest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return latest;
}

const isSource = (name: string) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.fixture.ts');

/** Throws, naming the build command, when a runtime package's dist is missing or older than its source. */
export async function assertDistFresh(): Promise<void> {
  const stale: string[] = [];
  for (const name of RUNTIME_PACKAGES) {
    const source = await newest(join(PACKAGES, name, 'src'), isSource);
    const built = await newest(join(PACKAGES, name, 'dist'), (file) => file.endsWith('.js')).catch(() => 0);
    if (built < source) stale.push(`packages/${name}`);
  }
  if (stale.length > 0) {
    throw new Error(`--runtime dist: ${stale.join(', ')} dist is missing or older than its source; run \`npm run build\` first`);
  }
}
