import type { z } from 'zod';
import { yaml } from '../yaml/index.js';
import { windowSeconds } from './duration.js';
import { formatPath, SloSpecError } from './errors.js';
import { DEFAULT_WINDOW, type SloSpec } from './model.js';
import { fromSightline, fromSloth } from './normalize.js';
import { sightlineSpecSchema, slothSpecSchema } from './schema.js';

export interface ParseOptions {
  /** Named in error messages (a file name). Default `spec`. */
  readonly source?: string;
  /** The window of Sloth specs, which have none (Sloth's `--default-slo-period`). Default `30d`. */
  readonly slothWindow?: string;
}

const VERSIONS = ['sightline/v1', 'prometheus/v1'];

/**
 * Every spec in a YAML text (several `---` documents are several specs, as Sloth allows), checked
 * as a whole: all problems of all documents are reported together, each with its field's path.
 */
export function parseSloSpecs(text: string, options: ParseOptions = {}): SloSpec[] {
  const source = options.source ?? 'spec';
  const slothWindow = options.slothWindow ?? DEFAULT_WINDOW;
  if (windowSeconds(slothWindow) === undefined)
    throw new SloSpecError(source, [`slothWindow: unknown window ${JSON.stringify(slothWindow)}`]);
  const documents = yaml().parseAllDocuments(text, { uniqueKeys: true });
  const problems: string[] = [];
  const specs: SloSpec[] = [];
  const list = Array.isArray(documents) ? documents : [documents];
  const prefixOf = (index: number) => (list.length > 1 ? `document ${index + 1}: ` : '');
  list.forEach((document, index) => {
    if (document.errors.length > 0) {
      for (const error of document.errors) problems.push(`${prefixOf(index)}YAML: ${error.message.split('\n')[0]}`);
      return;
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) return;
    const spec = parseSloSpecObject(value, slothWindow, (problem) => problems.push(`${prefixOf(index)}${problem}`));
    if (spec !== undefined) specs.push(spec);
  });
  if (problems.length === 0 && specs.length === 0) problems.push('no SLO spec found (an empty file?)');
  checkUniqueIds(specs, problems);
  if (problems.length > 0) throw new SloSpecError(source, problems);
  return specs;
}

/** One spec given as an object (already parsed YAML or JSON, or written in code). */
export function parseSloSpec(value: unknown, options: ParseOptions = {}): SloSpec {
  const problems: string[] = [];
  const spec = parseSloSpecObject(value, options.slothWindow ?? DEFAULT_WINDOW, (problem) => problems.push(problem));
  if (spec === undefined || problems.length > 0) throw new SloSpecError(options.source ?? 'spec', problems);
  return spec;
}

function parseSloSpecObject(value: unknown, slothWindow: string, report: (problem: string) => void): SloSpec | undefined {
  const version = typeof value === 'object' && value !== null ? (value as { version?: unknown }).version : undefined;
  if (typeof version !== 'string' || !VERSIONS.includes(version)) {
    report(`version: expected one of ${VERSIONS.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(version)}`);
    return undefined;
  }
  if (version === 'sightline/v1') {
    const parsed = sightlineSpecSchema.safeParse(value, { reportInput: true });
    if (!parsed.success) return reportIssues(parsed.error, report);
    const spec = fromSightline(parsed.data);
    checkSemantics(spec, report);
    return spec;
  }
  const parsed = slothSpecSchema.safeParse(value, { reportInput: true });
  if (!parsed.success) return reportIssues(parsed.error, report);
  const spec = fromSloth(parsed.data, slothWindow);
  checkSemantics(spec, report);
  return spec;
}

/** How a YAML value reads to the person who wrote it. */
const KINDS: Record<string, string> = { string: 'text', number: 'a number', boolean: 'true or false', array: 'a list', object: 'a map' };

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'empty (null)';
  return KINDS[typeof value] ?? typeof value;
}

/** An issue in the words of a YAML file, not zod's ("Invalid input: expected object, received undefined"). */
function detailOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  // A record key's own rule ("is not a Prometheus label name"), the key being the path's last part.
  if (issue.code === 'invalid_key') return issue.issues[0]?.message ?? issue.message;
  if (issue.code === 'invalid_type') {
    const expected = KINDS[issue.expected] ?? issue.expected;
    if (issue.input === undefined)
      return `is required${issue.message.startsWith('Invalid input') ? ` (${expected})` : `: it ${issue.message}`}`;
    if (issue.message.startsWith('Invalid input')) {
      const quote = issue.expected === 'string' && (typeof issue.input === 'number' || typeof issue.input === 'boolean');
      return `must be ${expected}, not ${kindOf(issue.input)}${quote ? ` (quote it: "${String(issue.input)}")` : ''}`;
    }
  }
  return issue.message;
}

function reportIssues(error: z.ZodError, report: (problem: string) => void): undefined {
  for (const issue of error.issues) report(`${formatPath(issue.path)}: ${detailOf(issue)}`);
  return undefined;
}

/** What the schema cannot see: duplicate names, latency thresholds that are no bucket boundary. */
function checkSemantics(spec: SloSpec, report: (problem: string) => void): void {
  const seen = new Set<string>();
  spec.slos.forEach((slo, index) => {
    if (seen.has(slo.name)) report(`slos[${index}].name: ${JSON.stringify(slo.name)} is used by an earlier SLO`);
    seen.add(slo.name);
    if (slo.sli.kind === 'latency' && !spec.metrics.durationBuckets.includes(slo.sli.threshold)) {
      report(
        `slos[${index}].sli.latency.threshold: ${slo.sli.threshold} s is not a bucket boundary of the request duration histogram ` +
          `(${spec.metrics.durationBuckets.join(', ')}); pick one of them, or list the service's buckets under metrics.duration_buckets`,
      );
    }
  });
}

/** Across the documents of a file (within one spec, a repeated name is reported at its path). */
function checkUniqueIds(specs: readonly SloSpec[], problems: string[]): void {
  const ids = new Set<string>();
  for (const spec of specs) {
    const own = new Set(spec.slos.map((slo) => slo.id));
    for (const id of own) if (ids.has(id)) problems.push(`SLO id ${JSON.stringify(id)} (service and name) appears in two specs`);
    for (const id of own) ids.add(id);
  }
}
