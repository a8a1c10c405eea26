import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAX_WINDOW_DAYS, MIN_WINDOW_DAYS, parseSloSpecs, type SloSpec, SloSpecError, windowSeconds } from '@sightline/slo';
import { CliError } from '../../errors.js';
import type { CliIo } from '../../io.js';

/** Every spec of every file given, or one CliError listing each file's problems with their paths. */
export function readSpecs(io: CliIo, files: readonly string[], slothWindow: string | undefined): SloSpec[] {
  // The flag's mistake, said as the flag's (exit 2), not as each spec file's.
  if (slothWindow !== undefined && windowSeconds(slothWindow) === undefined) {
    throw new CliError(
      'SL_CLI_USAGE',
      `--sloth-window: unknown window ${JSON.stringify(slothWindow)}: use whole days or weeks from ${MIN_WINDOW_DAYS}d to ${MAX_WINDOW_DAYS}d, such as 28d, 30d or 4w`,
    );
  }
  const specs: SloSpec[] = [];
  const problems: string[] = [];
  /** Each SLO's id and the file that first defined it: ids name rule groups, which Prometheus wants unique. */
  const defined = new Map<string, string>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (error) {
      throw new CliError('SL_CLI_FILE_FAILED', `cannot read ${file}: ${(error as Error).message}`, { cause: error });
    }
    try {
      const parsed = parseSloSpecs(text, { source: file, ...(slothWindow === undefined ? {} : { slothWindow }) });
      for (const slo of parsed.flatMap((spec) => spec.slos)) {
        const earlier = defined.get(slo.id);
        if (earlier === undefined) defined.set(slo.id, file);
        else
          problems.push(
            `${file}: SLO ${slo.id} is also defined in ${earlier === file ? 'an earlier argument (the same file given twice?)' : earlier}: its rule groups would repeat, which Prometheus refuses`,
          );
      }
      specs.push(...parsed);
    } catch (error) {
      if (!(error instanceof SloSpecError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new CliError('SL_CLI_SPEC_INVALID', problems.join('\n'));
  return specs;
}
