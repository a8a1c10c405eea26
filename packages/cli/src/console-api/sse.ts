import type { IncomingMessage } from 'node:http';

export interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * The events of a text/event-stream (the WHATWG format: `event:`/`data:` fields, a blank line
 * ends an event, `:` lines are comments). Ends when the response ends or is destroyed.
 */
export async function* serverSentEvents(response: IncomingMessage): AsyncGenerator<ServerSentEvent> {
  response.setEncoding('utf8');
  let buffer = '';
  let event = 'message';
  let data: string[] = [];
  for await (const chunk of response) {
    buffer += chunk as string;
    let newline = buffer.indexOf('\n');
    while (newline !== -1) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
      if (line === '') {
        if (data.length > 0) yield { event, data: data.join('\n') };
        event = 'message';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
  }
}
