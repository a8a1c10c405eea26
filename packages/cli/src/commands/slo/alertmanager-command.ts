import { type AlertmanagerOptions, AlertmanagerOptionsError, alertmanagerConfig } from '@sightline/slo';
import { Command } from 'commander';
import { CliError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { readSpecs } from './read-specs.js';
import { generatedHeader, writeOutput } from './write-output.js';

interface AlertmanagerFlags {
  out?: string;
  webhookUrl?: string;
  pagerdutyRoutingKey?: string;
  pagerdutyRoutingKeyFile?: string;
  slackApiUrl?: string;
  slackApiUrlFile?: string;
  slackChannel?: string;
  slothWindow?: string;
}

function optionsFrom(flags: AlertmanagerFlags): AlertmanagerOptions {
  const pagerduty =
    flags.pagerdutyRoutingKey === undefined && flags.pagerdutyRoutingKeyFile === undefined
      ? undefined
      : { routingKey: flags.pagerdutyRoutingKey, routingKeyFile: flags.pagerdutyRoutingKeyFile };
  const slack =
    flags.slackApiUrl === undefined && flags.slackApiUrlFile === undefined
      ? undefined
      : { apiUrl: flags.slackApiUrl, apiUrlFile: flags.slackApiUrlFile, channel: flags.slackChannel ?? '' };
  const defined = <T extends object>(value: T) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
  return defined({
    webhookUrl: flags.webhookUrl,
    pagerduty: pagerduty === undefined ? undefined : defined(pagerduty),
    slack: slack === undefined ? undefined : defined(slack),
  });
}

/** `sightline slo alertmanager`: an alertmanager.yml routing the specs' page and ticket alerts. */
export function alertmanagerCommand(io: CliIo): Command {
  return new Command('alertmanager')
    .description(
      'alertmanager.yml for the SLO alerts and the service alerts: pages to PagerDuty (or a webhook), tickets to Slack (or a webhook), grouped by alertname, service and slo, ServiceDown inhibiting the rest of its service',
    )
    .argument('<files...>', 'sightline.slo.yaml files')
    .option('--out <file>', 'write alertmanager.yml here instead of stdout')
    .option('--webhook-url <url>', 'receiver for pages and tickets that have no PagerDuty or Slack')
    .option('--pagerduty-routing-key <key>', 'PagerDuty Events v2 routing key for pages (ends up in the file: prefer the -file flag)')
    .option('--pagerduty-routing-key-file <path>', 'a file holding the routing key, read by Alertmanager (the key stays out of the config)')
    .option('--slack-api-url <url>', 'Slack incoming webhook URL for tickets (ends up in the file: prefer the -file flag)')
    .option('--slack-api-url-file <path>', 'a file holding the Slack webhook URL, read by Alertmanager')
    .option('--slack-channel <channel>', 'Slack channel for tickets, e.g. "#alerts"')
    .option('--sloth-window <window>', "the SLO window of Sloth prometheus/v1 specs (Sloth's --default-slo-period)")
    .action((files: string[], flags: AlertmanagerFlags) => {
      const specs = readSpecs(io, files, flags.slothWindow);
      let text: string;
      try {
        text = alertmanagerConfig(specs, optionsFrom(flags), generatedHeader('alertmanager', files));
      } catch (error) {
        if (!(error instanceof AlertmanagerOptionsError)) throw error;
        throw new CliError(
          'SL_CLI_USAGE',
          `${error.message}\n(--webhook-url, or --pagerduty-routing-key[-file] and --slack-api-url[-file] with --slack-channel)`,
        );
      }
      if (flags.out === undefined) {
        io.stdout.write(text);
        return;
      }
      io.stderr.write(`wrote ${writeOutput(io, flags.out, text)}\n`);
    });
}
