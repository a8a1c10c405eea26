import { checkAgainst, readExposition } from '@sightline/slo';
import { CliError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { readSpecs } from '../slo/read-specs.js';
import { type CheckResult, failed, passed } from './check.js';

/** The SLO specs validate, and every metric (and latency bucket) they read is on the service's /metrics. */
export function sloCheck(io: CliIo, files: readonly string[], metricsUrl: string, metricsText: string | undefined): CheckResult {
  const title = 'SLOs defined';
  const fix = 'write a sightline.slo.yaml over the service request metrics and pass it with --slo (see sightline slo validate)';
  if (files.length === 0) return failed('slo', 4, title, 'no --slo given', fix);
  let specs: ReturnType<typeof readSpecs>;
  try {
    specs = readSpecs(io, files, undefined);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    return failed('slo', 4, title, error.message.replaceAll('\n', '; '), 'fix the spec (sightline slo validate)');
  }
  const problems = metricsText === undefined ? [] : checkAgainst(specs, readExposition(metricsText, metricsUrl));
  if (problems.length > 0) return failed('slo', 4, title, problems.join('; '), 'make the SLIs read metrics this service exposes');
  const names = specs.flatMap((spec) => spec.slos.map((slo) => `${spec.service}/${slo.name} ${slo.objective} %`));
  const against = metricsText === undefined ? ' (not checked: no /metrics)' : `, metrics found on ${metricsUrl}`;
  return passed('slo', 4, title, `${names.join(', ')}${against}`);
}
