/** A spec that cannot be used, with every problem found, each naming the path of the bad field. */
export class SloSpecError extends Error {
  readonly code = 'SL_SLO_SPEC_INVALID';
  constructor(
    /** Where the spec came from (a file name), for the message. */
    readonly source: string,
    /** One line per problem: `slos[1].objective: …`. */
    readonly problems: readonly string[],
  ) {
    super(`${source}: invalid SLO spec\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'SloSpecError';
  }
}

/** A zod issue path as it reads in YAML terms: `slos[1].sli.latency.threshold`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}
