/** One sample line of a Prometheus text (or OpenMetrics) exposition. */
export interface Series {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface Exposition {
  readonly series: readonly Series[];
  /** `# TYPE` lines: metric family → counter, gauge, histogram, summary, … */
  readonly types: ReadonlyMap<string, string>;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+\S+/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;
const TYPE = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\w+)/;

/** Series and metric types of an exposition; lines that are neither are skipped. */
export function parseExposition(text: string): Exposition {
  const series: Series[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) {
      const type = TYPE.exec(line);
      if (type !== null) types.set(type[1] ?? '', type[2] ?? '');
      continue;
    }
    const sample = SAMPLE.exec(line);
    if (sample === null) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (sample[3] ?? '').matchAll(LABEL)) labels[key ?? ''] = (value ?? '').replace(/\\(.)/g, '$1');
    series.push({ name: sample[1] ?? '', labels });
  }
  return { series, types };
}
