import { durationText } from './duration-text.js';
import type { IncidentView, TimelineEntry } from './incident-view.js';

/** "2026-12-04 22:10:05 UTC". */
function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * Text as Markdown shows it, never as markup: exception messages and types, service versions and
 * alert summaries come from whoever sent the telemetry, titles and notes from whoever reached the
 * console, and a postmortem is pasted into wikis whose renderers may keep raw HTML. Backslash
 * escapes (CommonMark: any ASCII punctuation) keep `<img onerror=…>`, `<script>`, a
 * `[link](javascript:…)` and emphasis as the characters they are.
 */
const md = (text: string) => text.replace(/[\\`*_{}[\]<>#~]/g, '\\$&');
/** One line of text (a heading). */
const line = (text: string) => md(text).replace(/\r?\n/g, ' ');
/** A table cell: one line of text, pipes escaped. */
const cell = (text: string) => line(text).replace(/\|/g, '\\|');
/** A list item's text: later lines indented under it. */
const item = (text: string) => md(text).replace(/\r?\n/g, '\n  ');
/**
 * A link target: a console path on the console's URL, an http(s) URL as it is; characters that
 * would end the target encoded. Anything else (`javascript:`) is no link: undefined.
 */
function href(ref: string, consoleUrl: string): string | undefined {
  const url = ref.startsWith('/') ? `${consoleUrl}${ref}` : /^https?:\/\//i.test(ref) ? ref : undefined;
  return url?.replace(/[\s()<>]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
/** `[label](target)` with the label escaped, or the label alone when the target is no link. */
function link(label: string, ref: string, consoleUrl: string): string {
  const target = href(ref, consoleUrl);
  return target === undefined ? label : `[${label}](${target})`;
}

function timelineLine(entry: TimelineEntry, consoleUrl: string): string {
  const who = entry.author === null ? '' : `${line(entry.author)}: `;
  let text = item(entry.text);
  if (entry.kind === 'link' && entry.ref !== null) text = `linked ${link(text, entry.ref, consoleUrl)}`;
  else if ((entry.kind === 'alert-fired' || entry.kind === 'alert-ended') && entry.ref !== null) {
    text = `${text} (${link('page', entry.ref, consoleUrl)})`;
  }
  return `- ${utc(entry.atMs)}: ${who}${text}`;
}

/**
 * A postmortem draft from an incident: the facts filled in (when it was detected, declared and
 * resolved, how long each took, the alerts and error groups with their figures, the timeline),
 * the judgement left to its authors (root cause, what went well and wrong, action items).
 * Markdown, to paste into a wiki or a pull request.
 */
export function postmortemMarkdown(view: IncidentView, consoleUrl: string, nowMs: number): string {
  const { incident } = view;
  const ref = `INC-${incident.id}`;
  const lines = [
    `# ${ref}: ${line(incident.title)}`,
    '',
    `Postmortem draft from the Sightline console (${href(`/incidents/${incident.id}`, consoleUrl)}).`,
    '',
  ];
  lines.push('| | |', '| --- | --- |');
  lines.push(`| Severity | ${cell(incident.severity.toUpperCase())} |`);
  lines.push(`| Status | ${cell(incident.status)} |`);
  if (view.detectedMs !== null) lines.push(`| Detected | ${utc(view.detectedMs)} (first alert) |`);
  const declareLag = view.detectedMs === null ? '' : `, ${durationText(incident.createdMs - view.detectedMs)} after detection`;
  lines.push(`| Declared | ${utc(incident.createdMs)} by ${cell(incident.createdBy)}${declareLag} |`);
  lines.push(
    incident.resolvedMs === null
      ? `| Resolved | not yet (${durationText(view.durationMs)} so far, at ${utc(nowMs)}) |`
      : `| Resolved | ${utc(incident.resolvedMs)}, ${durationText(view.durationMs)} in all |`,
  );
  lines.push(
    '',
    '## Summary',
    '',
    incident.summary.trim() === '' ? '_What happened, in a few sentences._' : md(incident.summary.trim()),
    '',
  );
  lines.push('## Impact', '');
  if (view.errorGroups.length === 0) lines.push('_Who and what was affected, and for how long._');
  for (const group of view.errorGroups) {
    lines.push(
      `- ${link(cell(group.type), group.path, consoleUrl)} in ${cell(group.services.join(', ')) || 'unknown service'}: ${group.occurrences} occurrence${group.occurrences === 1 ? '' : 's'} during the incident (${cell(group.message)})`,
    );
  }
  lines.push('', '## Alerts', '');
  if (view.alerts.length === 0) lines.push('_No alert was attached._');
  else {
    lines.push('| alert | fired | ended | lasted |', '| --- | --- | --- | --- |');
    for (const alert of view.alerts) {
      const name = alert.path === null ? cell(alert.summary) : link(cell(alert.summary), alert.path, consoleUrl);
      if (alert.episodes.length === 0) lines.push(`| ${name} | (not in the alert history) | | |`);
      for (const episode of alert.episodes) {
        const lasted = episode.endMs === null ? 'still firing' : durationText(episode.endMs - episode.startMs);
        lines.push(`| ${name} | ${utc(episode.startMs)} | ${episode.endMs === null ? '' : utc(episode.endMs)} | ${lasted} |`);
      }
    }
  }
  lines.push('', '## Timeline', '', ...view.timeline.map((entry) => timelineLine(entry, consoleUrl)), '');
  lines.push('## Root cause', '', '_Why it happened: the chain of causes, not a person._', '');
  lines.push('## What went well', '', '- ', '', '## What went wrong', '', '- ', '');
  lines.push('## Action items', '', '- [ ] ', '');
  return lines.join('\n');
}
