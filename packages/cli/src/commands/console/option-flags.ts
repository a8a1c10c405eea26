import type { Command } from 'commander';

/**
 * The console options this command line spells otherwise: one --cors-origin per origin, one
 * --allowed-host per name, and --max-body-size as a size the command turns into bytes. Every other option is its flag's
 * attribute name (`maxSize` is --max-size), so commander's own table maps it.
 */
const RENAMED: Readonly<Record<string, string>> = {
  corsOrigins: '--cors-origin',
  allowedHosts: '--allowed-host',
  maxBodyBytes: '--max-body-size',
};

/**
 * Names a console option (`maxSize`, or a list item's path like `scrape.1`) by the flag that set
 * it, so the console's refusals say what the user typed; the rules stay the console's.
 */
export function flagNamer(command: Command): (option: string) => string {
  return (option) => {
    const name = option.split('.')[0] ?? option;
    return RENAMED[name] ?? command.options.find((flag) => flag.attributeName() === name)?.long ?? name;
  };
}
