import { readFileSync } from 'node:fs';
import { parseSloSpec, parseSloSpecs, type SloSpec, SloSpecError } from '@sightline/slo';
import type { ResolvedSloOptions } from '../config/index.js';
import { SightlineConfigError } from '../sightline-error/index.js';

/** What a spec given as objectives inherits from the observer. */
export interface SpecDefaults {
  readonly serviceName: string;
  /** The SDK's `metrics.prefix` and `metrics.durationBuckets`: a latency threshold must be one of the buckets. */
  readonly prefix: string;
  readonly durationBuckets: readonly number[];
}

/** A spec as @sightline/slo's parseSloSpec() returns it (every SLO with its `sli.kind` and `window.seconds`). */
function isParsedSpec(value: object): value is SloSpec {
  const slos = (value as { slos?: unknown }).slos;
  return (
    Array.isArray(slos) &&
    slos.every(
      (slo) =>
        typeof (slo as { sli?: { kind?: unknown } } | null)?.sli?.kind === 'string' &&
        typeof (slo as { window?: { seconds?: unknown } }).window?.seconds === 'number',
    )
  );
}

function configError(label: string, error: unknown): never {
  if (error instanceof SloSpecError) throw new SightlineConfigError(error.problems.map((problem) => `${label}: ${problem}`));
  throw error;
}

/** Of a file's specs (`---` documents), the one of this service; the only one when there is one. */
function pickSpec(specs: readonly SloSpec[], file: string, serviceName: string): SloSpec {
  if (specs.length === 1) return specs[0] as SloSpec;
  const own = specs.find((spec) => spec.service === serviceName);
  if (own !== undefined) return own;
  const services = specs.map((spec) => JSON.stringify(spec.service)).join(', ');
  throw new SightlineConfigError([
    `slo.spec (${file}): the file holds specs of ${services}, none for serviceName ${JSON.stringify(serviceName)}; set serviceName or split the file`,
  ]);
}

function fromFile(file: string, defaults: SpecDefaults, read: (path: string) => string): SloSpec {
  let text: string;
  try {
    text = read(file);
  } catch (error) {
    throw new SightlineConfigError([`slo.spec: cannot read ${file}: ${(error as Error).message}`]);
  }
  try {
    return pickSpec(parseSloSpecs(text, { source: file }), file, defaults.serviceName);
  } catch (error) {
    return configError(`slo.spec (${file})`, error);
  }
}

function fromObjectives(objectives: readonly object[], defaults: SpecDefaults): SloSpec {
  const document = {
    version: 'sightline/v1',
    service: defaults.serviceName,
    metrics: { prefix: defaults.prefix, duration_buckets: [...defaults.durationBuckets] },
    slos: objectives,
  };
  try {
    return parseSloSpec(document, { source: 'slo.objectives' });
  } catch (error) {
    if (!(error instanceof SloSpecError)) throw error;
    // The parser names paths in the document built here: slos[1].objective is slo.objectives[1].objective,
    // and its service is the observer's serviceName (unknown_service:node when none is set).
    const name = JSON.stringify(defaults.serviceName);
    throw new SightlineConfigError(
      error.problems.map((problem) =>
        problem.startsWith('service:')
          ? `serviceName ${name} cannot name the service of slo.objectives:${problem.slice('service:'.length)}; set serviceName`
          : problem.replace(/^slos(?=\[|:)/, 'slo.objectives'),
      ),
    );
  }
}

/**
 * The spec the observer tracks, read and checked at setup by @sightline/slo (the same parser
 * as `sightline slo generate`): a sightline.slo.yaml or Sloth file, a spec object in either
 * format or already parsed, or inline objectives of the observer's own service. Every problem
 * becomes a SightlineConfigError naming the field; undefined when no SLO is configured.
 */
export function loadSloSpec(
  options: ResolvedSloOptions,
  defaults: SpecDefaults,
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): SloSpec | undefined {
  const { spec, objectives } = options;
  if (objectives !== undefined) return fromObjectives(objectives, defaults);
  if (spec === undefined) return undefined;
  if (typeof spec === 'string') return fromFile(spec, defaults, read);
  if (isParsedSpec(spec)) return spec;
  try {
    return parseSloSpec(spec, { source: 'slo.spec' });
  } catch (error) {
    return configError('slo.spec', error);
  }
}
