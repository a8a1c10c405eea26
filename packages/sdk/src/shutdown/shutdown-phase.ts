/**
 * Shutdown runs in phases, in order, like OTel's forceFlush()/shutdown() pair:
 * stop intake → drain in-flight work → flush telemetry → close resources.
 */
export type ShutdownPhase = 'intake' | 'drain' | 'flush' | 'close';
