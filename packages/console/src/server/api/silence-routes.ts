import { AlertmanagerError, SightlineAlertError } from '@sightline/sdk/alertmanager';
import type { FastifyInstance } from 'fastify';
import type { AlertSilences } from '../alerts/index.js';
import { noQuery, silenceCreate } from './schemas.js';
import { ApiRequestError, parseBody, parseQuery } from './validate.js';

/**
 * What a failed silence call answers: the SDK's own check (400, each field named), Alertmanager's
 * refusal (400 with its message; 404 for a silence it does not know), Alertmanager out of reach
 * or failing (502, naming it).
 */
export function silenceFailure(error: unknown, url: string): unknown {
  if (error instanceof SightlineAlertError) {
    const issues = error.issues.map((issue) => {
      const at = issue.indexOf(': ');
      return { parameter: issue.slice(0, at), message: issue.slice(at + 2) };
    });
    return new ApiRequestError(400, 'bad_request', `bad silence: ${issues.map((issue) => issue.parameter).join(', ')}`, issues);
  }
  if (!(error instanceof AlertmanagerError)) return error;
  // Alertmanager 0.25 answers 500 "silence not found" (newer ones 404).
  if (error.status === 404 || error.detail === 'silence not found')
    return new ApiRequestError(404, 'not_found', `Alertmanager has no such silence`);
  if (error.status !== undefined && error.status >= 400 && error.status < 500) {
    return new ApiRequestError(400, 'bad_request', `Alertmanager refused the silence: ${error.detail ?? `HTTP ${error.status}`}`);
  }
  return new ApiRequestError(502, 'bad_gateway', `Alertmanager at ${url} failed: ${error.message}`);
}

/** Silences need an Alertmanager: 409 naming the flag without one. */
function required(silences: AlertSilences | undefined): AlertSilences {
  if (silences !== undefined) return silences;
  throw new ApiRequestError(409, 'no_alertmanager', 'silences live in Alertmanager: start the console with --alertmanager URL');
}

async function calling<T>(silences: AlertSilences, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw silenceFailure(error, silences.url);
  }
}

/**
 * `GET /api/silences`, `POST /api/silences` and `DELETE /api/silences/{silenceId}`: the Alertmanager's
 * silences, listed, made and ended from the console. The body is JSON only (a cross-site form
 * cannot send it); DELETE is not a simple request either, so a cross-site page cannot end one.
 */
export function registerSilenceRoutes(app: FastifyInstance, silences: AlertSilences | undefined): void {
  app.get('/api/silences', async (request) => {
    parseQuery(noQuery, request.query);
    const desk = required(silences);
    return { alertmanager: desk.url, silences: await calling(desk, () => desk.list()) };
  });

  app.post('/api/silences', async (request, reply) => {
    parseQuery(noQuery, request.query);
    const desk = required(silences);
    const body = parseBody(silenceCreate, request.body);
    const id = await calling(desk, () => desk.create(body));
    reply.code(201);
    return { id };
  });

  app.delete<{ Params: { silenceId: string } }>('/api/silences/:silenceId', async (request) => {
    parseQuery(noQuery, request.query);
    const desk = required(silences);
    const id = request.params.silenceId;
    await calling(desk, () => desk.expire(id));
    return { id, expired: true as const };
  });
}
