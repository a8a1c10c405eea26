/** `items` with `item` removed if present, else added at the end (the order the user opened them in). */
export function toggled(items: readonly string[], item: string): string[] {
  return items.includes(item) ? items.filter((other) => other !== item) : [...items, item];
}
