export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

const TIMEOUT_MS = 5_000;

/** GET `url`; undefined when nothing answers (refused, reset, timed out): the check says so. */
export async function httpGet(url: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Answer | undefined> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  try {
    const response = await fetch(url, { headers, signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]) });
    return { status: response.status, headers: response.headers, body: await response.text() };
  } catch (error) {
    if (signal?.aborted === true) throw error;
    return undefined;
  }
}
