import { ENV_TABLE } from '@sightline/sdk';

/** The configuration table the root README prints, rendered from the SDK's one env table. */
export function renderEnvTable(): string {
  const rows = ENV_TABLE.map((entry) => `| \`${entry.name}\` | \`${entry.option}\` | ${entry.description} |`);
  return ['| environment variable | option | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${renderEnvTable()}\n`);
}
