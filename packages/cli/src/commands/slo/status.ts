import { basename } from 'node:path';
import { Command } from 'commander';
import { colorEnabled, painter } from '../../color.js';
import { CliError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { queryVector } from './prometheus-query.js';
import { readSpecs } from './read-specs.js';
import { type SloStatus, sloStatuses, statusQuery } from './slo-status.js';
import { statusTables } from './status-table.js';

interface StatusFlags {
  prometheus?: string;
  console?: string;
  json?: boolean;
  slothWindow?: string;
}

/** `orders.slo.yaml` → `orders.rules.yml`: the rule file name the hint suggests. */
function ruleFileFor(files: readonly string[]): string {
  if (files.length !== 1) return 'slo.rules.yml';
  return `${basename(files[0] ?? 'slo').replace(/(\.slo)?\.ya?ml$/, '')}.rules.yml`;
}

function missingRulesMessage(missing: readonly SloStatus[], files: readonly string[], prometheus: string): string {
  const names = missing.map((status) => `${status.service}/${status.slo} (sloth_id="${status.id}")`).join(', ');
  const ruleFile = ruleFileFor(files);
  return (
    `Prometheus at ${prometheus} has no recording rules for ${names}: ` +
    `load the generated rule file ${ruleFile} (sightline slo generate ${files.join(' ')} --out ${ruleFile}), ` +
    `list it under rule_files in prometheus.yml and reload Prometheus`
  );
}

/** `sightline slo status`: each SLO's SLI, budget and burn rates as Prometheus records them now. */
export function statusCommand(io: CliIo): Command {
  return new Command('status')
    .description('each SLO with objective, current SLI, budget remaining, burn rates and the alert that would fire, from Prometheus')
    .argument('<files...>', 'sightline.slo.yaml files (the specs whose rules Prometheus evaluates)')
    .option('--prometheus <url>', 'a Prometheus server evaluating the rules of `sightline slo generate`', io.env.SIGHTLINE_PROMETHEUS_URL)
    .option('--console <url>', 'a Sightline console (not available yet: the console has no SLO API)')
    .option('--json', 'print the statuses as JSON (ratios: 1 is 100 %)')
    .option('--sloth-window <window>', 'the SLO window of Sloth prometheus/v1 specs')
    .action(async (files: string[], flags: StatusFlags) => {
      const specs = readSpecs(io, files, flags.slothWindow);
      if (flags.console !== undefined)
        throw new CliError(
          'SL_CLI_USAGE',
          `--console is not available yet: the console has no SLO API to read (issue 13's console part adds one); use --prometheus with the rules of sightline slo generate`,
        );
      if (flags.prometheus === undefined)
        throw new CliError('SL_CLI_USAGE', 'say where the SLO rules are evaluated: --prometheus URL (or SIGHTLINE_PROMETHEUS_URL)');
      const samples = await queryVector(flags.prometheus, statusQuery(specs), io.signal);
      const statuses = sloStatuses(specs, samples);
      if (flags.json === true) io.stdout.write(`${JSON.stringify({ prometheus: flags.prometheus, slos: statuses }, null, 2)}\n`);
      else io.stdout.write(statusTables(statuses, painter(colorEnabled(io))));
      const missing = statuses.filter((status) => status.state === 'no-rules');
      if (missing.length > 0) throw new CliError('SL_CLI_SLO_RULES_MISSING', missingRulesMessage(missing, files, flags.prometheus));
    });
}
