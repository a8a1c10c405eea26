import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSloSpecs, type SloSpec, SloSpecError } from '@sightline/slo';
import { CliError } from '../../errors.js';
import type { CliIo } from '../../io.js';

/** Every spec of every file given, or one CliError listing each file's problems with their paths. */
export function readSpecs(io: CliIo, files: readonly string[], slothWindow: string | undefined): SloSpec[] {
  const specs: SloSpec[] = [];
  const problems: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, file), 'utf8');
    } catch (error) {
      throw new CliError('SL_CLI_FILE_FAILED', `cannot read ${file}: ${(error as Error).message}`, { cause: error });
    }
    try {
      specs.push(...parseSloSpecs(text, { source: file, ...(slothWindow === undefined ? {} : { slothWindow }) }));
    } catch (error) {
      if (!(error instanceof SloSpecError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new CliError('SL_CLI_SPEC_INVALID', problems.join('\n'));
  return specs;
}
