import { yaml } from '../yaml/index.js';
import type { RuleGroup } from './rule-groups.js';

/** `body` after `header` as `#` comment lines (a generated file says where it came from). */
export function withCommentHeader(body: string, header: string | undefined): string {
  if (header === undefined) return body;
  return `${header
    .split('\n')
    .map((line) => `# ${line}`.trimEnd())
    .join('\n')}\n${body}`;
}

/** A Prometheus rule file: `groups:` in YAML, multi-line expressions as literal blocks. */
export function renderRuleFile(groups: readonly RuleGroup[], header?: string): string {
  return withCommentHeader(yaml().stringify({ groups }, { lineWidth: 0, blockQuote: 'literal', defaultStringType: 'PLAIN' }), header);
}
