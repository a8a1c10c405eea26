/** Who is at the keyboard: asked once by a form that records a person (a silence, an incident), remembered in this browser. */
const AUTHOR_KEY = 'sightline.author';

export function rememberedAuthor(): string {
  try {
    return localStorage.getItem(AUTHOR_KEY) ?? '';
  } catch {
    return '';
  }
}

export function rememberAuthor(name: string): void {
  try {
    localStorage.setItem(AUTHOR_KEY, name.trim());
  } catch {
    // Storage off: the name is asked again next time.
  }
}
