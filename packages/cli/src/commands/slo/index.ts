import { checkAgainst, renderRuleFile, ruleGroups } from '@sightline/slo';
import { Command } from 'commander';
import { CliError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { alertmanagerCommand } from './alertmanager-command.js';
import { dashboardsCommand } from './dashboards-command.js';
import { metricsEndpoint, prometheusNames } from './live-metrics.js';
import { readSpecs } from './read-specs.js';
import { statusCommand } from './status.js';
import { generatedHeader, writeOutput } from './write-output.js';

interface GenerateFlags {
  out?: string;
  slothWindow?: string;
}

interface ValidateFlags {
  metrics?: string[];
  prometheus?: string;
  slothWindow?: string;
}

const SLOTH_WINDOW = [
  '--sloth-window <window>',
  "the SLO window of Sloth prometheus/v1 specs, which have none (Sloth's --default-slo-period)",
] as const;

function generateCommand(io: CliIo): Command {
  return new Command('generate')
    .description('Prometheus recording and multi-window multi-burn-rate alert rules for SLO specs (sightline/v1 or Sloth prometheus/v1)')
    .argument('<files...>', 'sightline.slo.yaml files (several --- documents each allowed)')
    .option('--out <file>', 'write the rule file here instead of stdout')
    .option(...SLOTH_WINDOW)
    .action((files: string[], flags: GenerateFlags) => {
      const specs = readSpecs(io, files, flags.slothWindow);
      const text = renderRuleFile(ruleGroups(specs), generatedHeader('generate', files));
      if (flags.out === undefined) {
        io.stdout.write(text);
        return;
      }
      const path = writeOutput(io, flags.out, text);
      const slos = specs.reduce((sum, spec) => sum + spec.slos.length, 0);
      io.stderr.write(`wrote ${path}: ${slos} SLO${slos === 1 ? '' : 's'} of ${specs.map((spec) => spec.service).join(', ')}\n`);
    });
}

function validateCommand(io: CliIo): Command {
  return new Command('validate')
    .description('check SLO specs; with --metrics or --prometheus, also that the metrics they read exist')
    .argument('<files...>', 'sightline.slo.yaml files')
    .option('--metrics <url...>', "a running service's /metrics to check metric names and bucket boundaries against")
    .option('--prometheus <url>', 'a Prometheus server to check metric names against')
    .option(...SLOTH_WINDOW)
    .action(async (files: string[], flags: ValidateFlags) => {
      const specs = readSpecs(io, files, flags.slothWindow);
      const sources = [
        ...(await Promise.all((flags.metrics ?? []).map((url) => metricsEndpoint(url, io.signal)))),
        ...(flags.prometheus === undefined ? [] : [await prometheusNames(flags.prometheus, io.signal)]),
      ];
      // A metric is known when any source has it: each service's /metrics holds only its own.
      const problems =
        sources.length === 0
          ? []
          : checkAgainst(specs, {
              source: sources.map((source) => source.source).join(' or '),
              names: new Set(sources.flatMap((source) => [...source.names])),
              buckets: new Map(sources.flatMap((source) => [...(source.buckets ?? new Map())])),
            });
      if (problems.length > 0)
        throw new CliError('SL_CLI_SPEC_INVALID', `${files.join(', ')}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
      for (const spec of specs) {
        for (const slo of spec.slos)
          io.stdout.write(`ok  ${spec.service}/${slo.name}: ${slo.objective} % over ${slo.window.text} (${slo.sli.kind})\n`);
      }
    });
}

/** `sightline slo`: SLOs as code. */
export function sloCommand(io: CliIo): Command {
  const slo = new Command('slo').description(
    'SLOs as code: validate specs and generate Prometheus rules, an Alertmanager config and Grafana dashboards, and show their status',
  );
  slo.addCommand(generateCommand(io));
  slo.addCommand(validateCommand(io));
  slo.addCommand(statusCommand(io));
  slo.addCommand(alertmanagerCommand(io));
  slo.addCommand(dashboardsCommand(io));
  return slo;
}
