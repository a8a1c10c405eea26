import { Command } from 'commander';
import { apiUrl, getJson, resolveConsole } from '../../console-api/index.js';
import { CliError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { formatMs, formatTable } from '../../table.js';
import { addConsoleOptions, type ConsoleFlags, jsonText } from './console-options.js';

/** The fields of GET /api/traces/{traceId}'s spans the tree shows. */
interface SpanDetail {
  spanId: string;
  parentSpanId: string | null;
  service: string;
  name: string;
  kind: string;
  startTimeUnixNano: string;
  durationMs: number;
  status: string;
  statusMessage: string | null;
}

interface Row {
  span: SpanDetail;
  label: string;
}

/**
 * Spans in tree order (children by start time) with `├─`/`└─` prefixes, like `tree`. A span
 * whose parent is not stored (not arrived, or sampled away) is shown as a root. Iterative, so a
 * 10,000-span chain does not exhaust the stack.
 */
export function treeRows(spans: readonly SpanDetail[]): Row[] {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = new Map<string | null, SpanDetail[]>();
  for (const span of spans) {
    const parent = span.parentSpanId !== null && ids.has(span.parentSpanId) ? span.parentSpanId : null;
    const list = children.get(parent) ?? [];
    list.push(span);
    children.set(parent, list);
  }
  const byStart = (a: SpanDetail, b: SpanDetail) => {
    const diff = BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano);
    return diff < 0n ? -1 : diff > 0n ? 1 : 0;
  };
  for (const list of children.values()) list.sort(byStart);
  const rows: Row[] = [];
  const stack: { span: SpanDetail; prefix: string; last: boolean; root: boolean }[] = (children.get(null) ?? [])
    .map((span) => ({ span, prefix: '', last: true, root: true }))
    .reverse();
  while (stack.length > 0) {
    const { span, prefix, last, root } = stack.pop()!;
    rows.push({ span, label: root ? span.name : `${prefix}${last ? '└─ ' : '├─ '}${span.name}` });
    const childPrefix = root ? '' : `${prefix}${last ? '   ' : '│  '}`;
    const kids = children.get(span.spanId) ?? [];
    for (let i = kids.length - 1; i >= 0; i--)
      stack.push({ span: kids[i]!, prefix: childPrefix, last: i === kids.length - 1, root: false });
  }
  return rows;
}

export function formatTrace(traceId: string, spans: readonly SpanDetail[]): string {
  const start = spans.reduce(
    (min, span) => (BigInt(span.startTimeUnixNano) < min ? BigInt(span.startTimeUnixNano) : min),
    BigInt(spans[0]!.startTimeUnixNano),
  );
  const end = spans.reduce((max, span) => {
    const spanEnd = BigInt(span.startTimeUnixNano) + BigInt(Math.round(span.durationMs * 1e6));
    return spanEnd > max ? spanEnd : max;
  }, start);
  const services = new Set(spans.map((span) => span.service)).size;
  const errors = spans.filter((span) => span.status === 'error').length;
  const header = `trace ${traceId}: ${spans.length} span(s), ${services} service(s), ${formatMs(Number(end - start) / 1e6)}, ${errors} error(s)\n\n`;
  const rows = treeRows(spans).map(({ span, label }) => [
    label,
    span.service,
    span.kind,
    `+${formatMs(Number(BigInt(span.startTimeUnixNano) - start) / 1e6)}`,
    formatMs(span.durationMs),
    span.status === 'error' && span.statusMessage ? `error: ${span.statusMessage}` : span.status,
  ]);
  return header + formatTable(['span', 'service', 'kind', 'offset', 'duration', 'status'], rows, ['offset', 'duration']);
}

/** `sightline trace <traceId>`: every span of one trace as a tree with offsets and durations. */
export function traceCommand(io: CliIo): Command {
  return addConsoleOptions(new Command('trace'))
    .description('one trace from a running console: its spans as a tree with offsets and durations')
    .argument('<traceId>', '32 hex digits')
    .action(async (traceId: string, flags: ConsoleFlags) => {
      if (!/^[0-9a-f]{32}$/i.test(traceId)) throw new CliError('SL_CLI_USAGE', `"${traceId}" is not a trace id: 32 hex digits`);
      const target = resolveConsole(flags.console, io.env);
      const answer = await getJson<{ traceId: string; spans: SpanDetail[] }>(target, apiUrl(target, `/api/traces/${traceId}`), io.signal);
      io.stdout.write(flags.json ? jsonText(answer) : formatTrace(answer.traceId, answer.spans));
    });
}
