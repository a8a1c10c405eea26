import { stringify } from 'yaml';
import type { RuleGroup } from './rule-groups.js';

/** A Prometheus rule file: `groups:` in YAML, multi-line expressions as literal blocks. */
export function renderRuleFile(groups: readonly RuleGroup[], header?: string): string {
  const body = stringify({ groups }, { lineWidth: 0, blockQuote: 'literal', defaultStringType: 'PLAIN' });
  return header === undefined
    ? body
    : `${header
        .split('\n')
        .map((line) => `# ${line}`.trimEnd())
        .join('\n')}\n${body}`;
}
