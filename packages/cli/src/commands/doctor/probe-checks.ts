import { type CheckResult, failed, passed } from './check.js';
import type { Answer } from './http-get.js';

/** Paths tried per probe, first answering one wins: Kubernetes' names, then common alternatives. */
export const PROBE_PATHS = {
  live: ['/livez', '/healthz', '/health'],
  ready: ['/readyz', '/ready', '/health/ready'],
} as const;

/**
 * A probe answers 200 (healthy) or 503 (unhealthy now: still a probe); 404 and other codes mean
 * there is none. A server that answers every path alike (a catch-all) has no probe either: its
 * answer is compared with that of a path nothing serves.
 */
function isProbe(answer: Answer | undefined, nonsense: Answer | undefined): boolean {
  if (answer === undefined || (answer.status !== 200 && answer.status !== 503)) return false;
  return !(nonsense !== undefined && nonsense.status === answer.status && nonsense.body === answer.body);
}

export function probeCheck(
  kind: 'live' | 'ready',
  answers: ReadonlyMap<string, Answer | undefined>,
  nonsense: Answer | undefined,
): CheckResult {
  const title = kind === 'live' ? 'liveness probe' : 'readiness probe';
  const paths = PROBE_PATHS[kind];
  const found = paths.find((path) => isProbe(answers.get(path), nonsense));
  if (found !== undefined) {
    const status = answers.get(found)?.status;
    return passed(kind, 2, title, `GET ${found} → ${status}${status === 503 ? ' (answers, unhealthy now)' : ''}`);
  }
  const seen = paths.map((path) => `${path} → ${answers.get(path)?.status ?? 'no answer'}`).join(', ');
  const catchAll = paths.some((path) => {
    const answer = answers.get(path);
    return answer !== undefined && answer.status === 200 && !isProbe(answer, nonsense);
  });
  const fix =
    kind === 'live'
      ? 'serve a liveness probe at /livez (or /healthz): 200 while the process works (the SDK serves both)'
      : 'serve a readiness probe at /readyz: 200 when dependencies are up, 503 while starting or draining (the SDK serves it)';
  return failed(kind, 2, title, catchAll ? `${seen}: the same answer as any other path, no probe` : seen, fix);
}
