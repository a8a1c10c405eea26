import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** Why a port could not be opened, for callers that word it in their own terms (the CLI names its flags). */
export type ListenProblem = 'port-in-use' | 'port-needs-privilege' | 'host-unknown' | 'host-not-local';

/** Which option to change: the address (`host`) or the port of the UI/API (`port`) or of the OTLP receiver (`otlpPort`). */
export type ListenOption = 'host' | 'port' | 'otlpPort';

const PROBLEMS: Record<string, ListenProblem> = {
  EADDRINUSE: 'port-in-use',
  EACCES: 'port-needs-privilege',
  ENOTFOUND: 'host-unknown',
  EAI_AGAIN: 'host-unknown',
  EADDRNOTAVAIL: 'host-not-local',
};

/** A server of the console could not listen where it was told to; `option` says what to change. */
export class ConsoleListenError extends Error {
  override readonly name = 'ConsoleListenError';
  readonly code = 'SL_CONSOLE_LISTEN_FAILED';

  constructor(
    readonly problem: ListenProblem,
    readonly option: ListenOption,
    readonly host: string,
    readonly port: number,
    options?: ErrorOptions,
  ) {
    super(describe(problem, option, host, port), options);
  }
}

function describe(problem: ListenProblem, option: ListenOption, host: string, port: number): string {
  const which = option === 'otlpPort' ? 'the OTLP port' : 'the UI and API port';
  switch (problem) {
    case 'port-in-use':
      return `port ${port} on ${host} is in use (${which}): choose another ${option}`;
    case 'port-needs-privilege':
      return `port ${port} on ${host} needs privileges (${which}): choose one above 1023`;
    case 'host-unknown':
      return `host ${JSON.stringify(host)} is neither an IP address nor a name this machine resolves`;
    case 'host-not-local':
      return `host ${host} is not an address of this machine: use one of its interfaces' addresses, 127.0.0.1 or 0.0.0.0`;
  }
}

/** A known listen failure (port taken, host unknown…) as a ConsoleListenError; anything else as it is. */
function listenFailure(error: unknown, host: string, port: number, option: 'port' | 'otlpPort'): unknown {
  const problem = PROBLEMS[(error as NodeJS.ErrnoException).code ?? ''];
  if (problem === undefined) return error;
  const about = problem === 'host-unknown' || problem === 'host-not-local' ? 'host' : option;
  return new ConsoleListenError(problem, about, host, port, { cause: error });
}

/** `server.listen()`, its known failures turned into ConsoleListenError. */
export async function listenOn(server: FastifyInstance, host: string, port: number, option: 'port' | 'otlpPort'): Promise<void> {
  try {
    await server.listen({ host, port });
  } catch (error) {
    throw listenFailure(error, host, port, option);
  }
}

/**
 * Throws what listenOn() would for a port that cannot be listened on now (taken, privileged, a
 * host that is not this machine's), by opening and closing it: checked before the store is
 * opened, so a start refused for its port makes no database. Port 0 (any free one) always can.
 */
export async function checkCanListen(host: string, port: number, option: 'port' | 'otlpPort'): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen({ host, port }, resolve);
    });
  } catch (error) {
    throw listenFailure(error, host, port, option);
  } finally {
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  }
}
