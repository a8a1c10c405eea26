import { join } from 'node:path';
import { renderDashboard, serviceDashboards } from '@sightline/slo';
import { Command } from 'commander';
import type { CliIo } from '../../io.js';
import { readSpecs } from './read-specs.js';
import { writeOutput } from './write-output.js';

interface DashboardsFlags {
  out: string;
  slothWindow?: string;
}

/** `sightline slo dashboards`: a Grafana dashboard JSON per service, written into a directory. */
export function dashboardsCommand(io: CliIo): Command {
  return new Command('dashboards')
    .description(
      'a Grafana dashboard per service: golden signals (traffic, errors, p50/p95/p99 latency with exemplars, saturation), and per SLO its objective, SLI, budget remaining and burn rate per alert window',
    )
    .argument('<files...>', 'sightline.slo.yaml files')
    .requiredOption('--out <dir>', 'directory to write <service>.json into (made if missing)')
    .option('--sloth-window <window>', "the SLO window of Sloth prometheus/v1 specs (Sloth's --default-slo-period)")
    .action((files: string[], flags: DashboardsFlags) => {
      const specs = readSpecs(io, files, flags.slothWindow);
      for (const { fileName, dashboard } of serviceDashboards(specs)) {
        io.stderr.write(`wrote ${writeOutput(io, join(flags.out, fileName), renderDashboard(dashboard))}\n`);
      }
    });
}
