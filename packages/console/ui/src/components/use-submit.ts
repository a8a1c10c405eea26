import { useState } from 'react';

/**
 * What a form that sends one change needs: busy while it is under way, the failure it ended in
 * (shown by the form), and `run`, which sends it and hands the answer to `done`.
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error | undefined>();
  const run = <T>(send: () => Promise<T>, done: (answer: T) => void) => {
    setBusy(true);
    setFailure(undefined);
    send().then(
      (answer) => {
        setBusy(false);
        done(answer);
      },
      (error: unknown) => {
        setFailure(error as Error);
        setBusy(false);
      },
    );
  };
  return { busy, failure, setFailure, run };
}
