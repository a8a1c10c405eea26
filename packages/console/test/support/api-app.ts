import Fastify, { type FastifyInstance } from 'fastify';
import { registerApiRoutes } from '../../src/server/api/api-routes.js';
import { openStore, type Store } from '../../src/server/store/index.js';

/** The API's routes on a Fastify app (not listening: `app.inject`) over an in-memory store. */
export interface ApiApp {
  readonly store: Store;
  readonly app: FastifyInstance;
  /** Closes the app, then the store. */
  close(): Promise<void>;
}

export async function startApiApp(): Promise<ApiApp> {
  const store = await openStore({ memory: true });
  const app = Fastify({ logger: false });
  registerApiRoutes(app, { store });
  await app.ready();
  return {
    store,
    app,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
