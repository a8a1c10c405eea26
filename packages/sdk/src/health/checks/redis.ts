import { z } from 'zod';
import { SightlineConfigError } from '../../sightline-error/index.js';
import type { CheckOutcome, CheckSettings, HealthCheck } from '../types.js';
import { parseCheckerOptions, settingsShape } from './checker-options.js';

/** ioredis: `status` is 'wait' | 'connecting' | 'connect' | 'ready' | 'reconnecting' | 'close' | 'end'. */
export interface IoRedisLike {
  readonly status: string;
  ping(): Promise<string>;
}

/** node-redis (`redis` 4+): `isReady` once connected and usable, `isOpen` while a connection is wanted. */
export interface NodeRedisLike {
  readonly isReady: boolean;
  readonly isOpen?: boolean;
  ping(): Promise<string>;
  /** node-redis 5+: a timed-out PING is taken out of the client's queue instead of waiting there. */
  withAbortSignal?(signal: AbortSignal): { ping(): Promise<string> };
}

export type RedisClientLike = IoRedisLike | NodeRedisLike;

export interface RedisCheckOptions extends CheckSettings {
  /** Default `redis`. */
  readonly name?: string;
}

const optionsSchema = z.object(settingsShape).strict();

/** ioredis statuses in which a PING can succeed ('wait' is a lazyConnect client: PING connects it). */
const IOREDIS_PINGABLE = new Set(['ready', 'wait']);

/**
 * Why the client cannot answer right now, read off its state, or undefined when it may.
 * Both clients queue commands while disconnected, so a PING sent then would wait out the
 * timeout: the state answers at once instead.
 */
function notReady(client: RedisClientLike): string | undefined {
  if (typeof (client as IoRedisLike).status === 'string') {
    const { status } = client as IoRedisLike;
    return IOREDIS_PINGABLE.has(status) ? undefined : `connection is ${status}`;
  }
  if (typeof (client as NodeRedisLike).isReady === 'boolean') {
    const { isReady, isOpen } = client as NodeRedisLike;
    if (isReady) return undefined;
    return isOpen === false ? 'client is closed' : 'client is not ready (reconnecting)';
  }
  return undefined;
}

/** PINGs Redis through the ioredis or node-redis client the app passes in (told apart by shape). */
export function redisCheck(client: RedisClientLike, options: RedisCheckOptions = {}): HealthCheck {
  const { name = 'redis', ...settings } = parseCheckerOptions('redisCheck', optionsSchema, options);
  if (typeof client?.ping !== 'function') {
    throw new SightlineConfigError(['redisCheck client: expected an ioredis or node-redis client (an object with ping())']);
  }
  return {
    ...(settings as CheckSettings),
    name,
    async check(signal): Promise<CheckOutcome | undefined> {
      const reason = notReady(client);
      if (reason !== undefined) return { status: 'unhealthy', message: reason };
      const abortable = (client as NodeRedisLike).withAbortSignal;
      const reply = typeof abortable === 'function' ? await abortable.call(client, signal).ping() : await client.ping();
      if (reply !== 'PONG') return { status: 'unhealthy', message: `unexpected PING reply ${JSON.stringify(reply)}` };
      return undefined;
    },
  };
}
