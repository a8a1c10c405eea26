import { readFileSync } from 'node:fs';
import { parseSloSpecs, type SloSpec, SloSpecError } from '@sightline/slo';
import { ConsoleConfigError } from './console-options.js';

/** The `--slo` spec files, parsed; any unreadable or invalid file stops the start with every problem named. */
export function loadSloSpecs(files: readonly string[]): SloSpec[] {
  const specs: SloSpec[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      specs.push(...parseSloSpecs(readFileSync(file, 'utf8'), { source: file }));
    } catch (error) {
      if (error instanceof SloSpecError) problems.push(error.message);
      else problems.push(`${file}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) {
    throw new ConsoleConfigError(
      `Invalid console options: slo\n${problems.join('\n')}`,
      problems.map((problem) => ({ option: 'slo', problem })),
    );
  }
  return specs;
}
