import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseSloSpecs, ruleGroups } from '../src/index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'sloth');
const examples = readdirSync(FIXTURES).filter((name) => name.endsWith('.yml'));

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
}

/** Labels we add that Sloth does not: the alert's own service/slo/severity, and our generator's name in the info metric. */
const OURS_ONLY = new Set(['service', 'slo']);
// `cmd` is an extra label Sloth's example script passes on its command line (`-l cmd=examplesgen.sh`).
const VARYING = new Set(['sloth_mode', 'sloth_version', 'cmd']);

const key = (rule: Rule) => {
  const labels = Object.entries(rule.labels ?? {})
    .filter(([name]) => !OURS_ONLY.has(name) && !VARYING.has(name))
    .sort(([a], [b]) => a.localeCompare(b));
  return `${rule.record ?? `alert ${rule.alert}`} ${JSON.stringify(labels)}`;
};
const squash = (expr: string) => expr.replace(/\s+/g, '');

/**
 * Sloth's rule groups for an example. For a multi-document spec Sloth writes one YAML document per
 * spec; we write one file with all the groups, since Prometheus reads only a rule file's first document.
 */
function slothGroups(name: string): { name: string; rules: Rule[] }[] {
  const documents = parseAllDocuments(readFileSync(join(FIXTURES, `${name}.gen`), 'utf8'));
  return (Array.isArray(documents) ? documents : [documents]).flatMap(
    (document) => (document.toJS() as { groups: { name: string; rules: Rule[] }[] }).groups,
  );
}

describe("Sloth's prometheus/v1 examples, taken as they are", () => {
  it.each(examples)('%s: the same rule groups, rule names and labels as Sloth generated', (name) => {
    const specs = parseSloSpecs(readFileSync(join(FIXTURES, name), 'utf8'), { source: name });
    const ours = ruleGroups(specs);
    const theirs = slothGroups(name);
    expect(ours.map((group) => group.name)).toEqual(theirs.map((group) => group.name));
    for (const [index, group] of theirs.entries()) {
      const ourRules = ours[index]!.rules as Rule[];
      // A severity label the spec did not set is ours (Sloth leaves it out).
      const comparable = ourRules.map((rule) => {
        if (rule.alert === undefined) return rule;
        const spec = group.rules.find((r) => r.alert === rule.alert && r.labels?.sloth_severity === rule.labels?.sloth_severity);
        const labels = { ...rule.labels };
        if (spec?.labels?.severity === undefined) delete labels.severity;
        return { ...rule, labels };
      });
      expect(comparable.map(key)).toEqual(group.rules.map(key));
    }
  });

  it.each(examples)('%s: the SLI error ratio queries Sloth recorded, window by window', (name) => {
    const specs = parseSloSpecs(readFileSync(join(FIXTURES, name), 'utf8'), { source: name });
    const ours = ruleGroups(specs).flatMap((group) => group.rules as Rule[]);
    const theirs = slothGroups(name).flatMap((group) => group.rules);
    const sli = (rules: Rule[]) => rules.filter((rule) => rule.record?.startsWith('slo:sli_error:')).map((rule) => squash(rule.expr));
    expect(sli(ours)).toEqual(sli(theirs));
  });
});
