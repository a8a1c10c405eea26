const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

/** The page needs nothing from elsewhere: its own inline style, a form posting to this console, no script. */
export const LOGIN_PAGE_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const STYLE = `
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1d2330; }
  main { max-width: 34rem; margin: 12vh auto; padding: 2rem; background: #fff; border: 1px solid #d9dde5; border-radius: 8px; }
  h1 { font-size: 1.25rem; margin: 0 0 1rem; }
  code { font-size: 0.9em; background: #eef0f4; padding: 0 0.25em; border-radius: 3px; }
  form { display: flex; gap: 0.5rem; margin-top: 1.25rem; }
  input[type=password] { flex: 1; font: inherit; padding: 0.4rem 0.6rem; border: 1px solid #b8bfcc; border-radius: 4px; }
  button { font: inherit; padding: 0.4rem 1rem; border: 0; border-radius: 4px; background: #2f5fd0; color: #fff; cursor: pointer; }
  .error { color: #b42318; font-weight: 600; }
`;

/**
 * What a browser gets instead of the UI when it has no token: how to get in (the login URL the
 * console printed, or the token pasted into a form that posts to /login) and, in the form, the
 * page it asked for, so a shared deep link opens after logging in. `reload`: load the same URL
 * again at once, from this page (see token-auth.ts).
 */
export function loginPage({ next, refused, reload = false }: { next: string; refused: boolean; reload?: boolean }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sightline console: token needed</title>
${reload ? '<meta http-equiv="refresh" content="0">\n' : ''}<style>${STYLE}</style>
</head>
<body>
<main>
<h1>This Sightline console needs its token</h1>
<p>Open the login URL that <code>sightline console</code> printed when it started
(<code>http://…/login?token=…</code>), or paste the token below: the console's <code>--token</code>
or <code>SIGHTLINE_CONSOLE_TOKEN</code>, else the one it generated and printed.</p>
${refused ? '<p class="error" role="alert">That is not this console\'s token.</p>\n' : ''}<form method="post" action="/login">
<input type="password" name="token" aria-label="Token" placeholder="Token" autocomplete="current-password" required autofocus>
<input type="hidden" name="next" value="${escapeHtml(next)}">
<button type="submit">Open the console</button>
</form>
</main>
</body>
</html>
`;
}
