import { basename } from 'node:path';
import { Command } from 'commander';
import { colorEnabled, painter } from '../../color.js';
import { resolveConsole } from '../../console-api/index.js';
import { CliError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { consoleStatuses } from './console-source.js';
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

const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

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
    .description(
      'each SLO with objective, current SLI, budget remaining, burn rates and the alert that would fire, from Prometheus or the console',
    )
    .argument('<files...>', 'sightline.slo.yaml files (the specs whose rules Prometheus evaluates)')
    .option('--prometheus <url>', 'a Prometheus server evaluating the rules of `sightline slo generate` (SIGHTLINE_PROMETHEUS_URL)')
    .option('--console <url>', 'or a Sightline console: availability and latency SLIs from its stored server spans (SIGHTLINE_CONSOLE_URL)')
    .option('--json', 'print the statuses as JSON (ratios: 1 is 100 %)')
    .option('--sloth-window <window>', 'the SLO window of Sloth prometheus/v1 specs')
    .action(async (files: string[], flags: StatusFlags) => {
      const specs = readSpecs(io, files, flags.slothWindow);
      if (flags.console !== undefined && flags.prometheus !== undefined)
        throw new CliError('SL_CLI_USAGE', 'give one source: --prometheus or --console');
      // A flag wins over either variable; between the variables, Prometheus (the rules' own evaluator).
      const prometheus = flags.prometheus ?? (flags.console === undefined ? nonEmpty(io.env.SIGHTLINE_PROMETHEUS_URL) : undefined);
      const consoleGiven = flags.console ?? nonEmpty(io.env.SIGHTLINE_CONSOLE_URL);
      if (prometheus === undefined && consoleGiven === undefined)
        throw new CliError(
          'SL_CLI_USAGE',
          'say where to read the SLIs: --prometheus URL (or SIGHTLINE_PROMETHEUS_URL), or --console URL (or SIGHTLINE_CONSOLE_URL)',
        );
      const target = prometheus === undefined ? resolveConsole(flags.console, io.env) : undefined;
      const source = target === undefined ? { prometheus: prometheus as string } : { console: target.url.href };
      const statuses =
        target === undefined
          ? sloStatuses(specs, await queryVector(prometheus as string, statusQuery(specs), io.signal))
          : await consoleStatuses(target, specs, io.signal);
      if (flags.json === true) io.stdout.write(`${JSON.stringify({ ...source, slos: statuses }, null, 2)}\n`);
      else io.stdout.write(statusTables(statuses, painter(colorEnabled(io))));
      const missing = statuses.filter((status) => status.state === 'no-rules');
      if (missing.length > 0 && prometheus !== undefined)
        throw new CliError('SL_CLI_SLO_RULES_MISSING', missingRulesMessage(missing, files, prometheus));
      for (const status of statuses.filter((one) => one.state === 'unsupported'))
        io.stderr.write(`${status.service}/${status.slo}: ${status.reason ?? 'not available from this source'}\n`);
    });
}
