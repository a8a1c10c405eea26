// The OTLP sink (otlp-sink.ts) as a process of its own, driven over IPC by otlp-sink-process.ts.
import { startOtlpSink } from './otlp-sink.js';

const sink = await startOtlpSink();
process.on('message', (message: unknown) => {
  if (message === 'take') process.send?.({ counts: sink.take() });
  else if (message === 'close') void sink.close().then(() => process.exit(0));
});
process.send?.({ url: sink.url });
