import { Notice } from '../components/notice.js';

export function MissingErrorsApi() {
  return (
    <Notice>
      This console does not answer <code>/api/errors</code> yet: error groups appear here once it does. Exceptions are visible meanwhile in
      each span's events.
    </Notice>
  );
}
