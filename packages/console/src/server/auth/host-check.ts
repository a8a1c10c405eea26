import { isLoopbackHost } from '@sightline/sdk/network';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * A console without a token (listening on loopback only) answers only requests addressed to a
 * loopback name: DNS rebinding lets a page of another site resolve its own name to 127.0.0.1 and
 * read this port as same-origin, with `Host: that-site` in every request. `localhost`, its
 * subdomains, 127.x and [::1] pass, with any port; so do the names in `allowed` (a tunnel or a
 * port forward that reaches the console under another name). With a token the token decides.
 */
export function registerHostCheck(app: FastifyInstance, allowed: readonly string[] = []): void {
  const refusal = hostRefusal(allowed);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const message = refusal(request.headers.host);
    if (message === undefined) return;
    return reply.code(403).send({ error: 'forbidden_host', message });
  });
}

/**
 * The check itself, for the UI/API and for the OTLP receiver: undefined when a Host header names
 * loopback or one of `allowed`, else why the request is refused (naming `--allowed-host`).
 */
export function hostRefusal(allowed: readonly string[]): (header: string | undefined) => string | undefined {
  const extra = new Set(allowed.map((name) => name.toLowerCase()));
  return (header) => {
    const name = hostNameOf(header);
    if (name !== undefined && (isLoopbackName(name) || extra.has(name))) return undefined;
    const shown = header === undefined ? 'no Host header' : `Host: ${JSON.stringify(header).slice(1, -1)}`;
    return `this console answers only to loopback names (${shown}); to reach it under another name, start it with --allowed-host <name>`;
  };
}

/** The name of a Host header, lowercased, without its port (`[::1]:8080` → `[::1]`); undefined when there is none. */
export function hostNameOf(header: string | undefined): string | undefined {
  if (header === undefined || header === '') return undefined;
  const text = header.trim().toLowerCase();
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    return end === -1 ? undefined : text.slice(0, end + 1);
  }
  const colon = text.indexOf(':');
  return colon === -1 ? text : text.slice(0, colon);
}

function isLoopbackName(name: string): boolean {
  return isLoopbackHost(name) || name.endsWith('.localhost');
}
