/** Why a connection failed, in words: refused, a host that does not resolve, else the error's own message. */
export function connectionReason(error: NodeJS.ErrnoException, hostname: string): string {
  if (error.code === 'ECONNREFUSED') return 'connection refused';
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return `cannot resolve host ${hostname}`;
  return error.message;
}
