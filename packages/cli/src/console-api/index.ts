export {
  apiUrl,
  CONSOLE_TOKEN_ENV,
  CONSOLE_URL_ENV,
  type ConsoleTarget,
  DEFAULT_CONSOLE_URL,
  getJson,
  putJson,
  type QueryValue,
  requestConsole,
  resolveConsole,
} from './client.js';
export { type ServerSentEvent, serverSentEvents } from './sse.js';
