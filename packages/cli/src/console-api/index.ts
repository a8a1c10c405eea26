export {
  apiUrl,
  CONSOLE_TOKEN_ENV,
  CONSOLE_URL_ENV,
  type ConsoleChange,
  type ConsoleTarget,
  DEFAULT_CONSOLE_URL,
  getJson,
  getText,
  type QueryValue,
  requestConsole,
  resolveConsole,
  sendJson,
} from './client.js';
export { type ServerSentEvent, serverSentEvents } from './sse.js';
