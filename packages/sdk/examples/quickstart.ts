import { createObserver } from '@sightline/sdk';
import { sightlineExpress, sightlineExpressErrors } from '@sightline/sdk/express';
import express from 'express';

const observer = createObserver({ serviceName: 'checkout' }); // OTEL_* env vars apply too

const app = express();
app.use(sightlineExpress(observer)); // request id, context, span, metrics, access log: one pass
app.get('/metrics', observer.metricsHandler); // Prometheus text, or OpenMetrics with exemplars

app.get('/users/:id', async (req, res) => {
  const user = await observer.span('db.load_user', async () => ({ id: req.params.id, name: 'Ada' }));
  observer.setUser(user.id); // user_id on this request's later log lines and its span
  observer.logger.info({ user: user.id }, 'user loaded'); // carries request_id, trace_id, span_id
  res.json(user);
});
app.use(sightlineExpressErrors(observer)); // thrown errors recorded on the span and access line

const server = app.listen(Number(process.env.PORT ?? 3000), () => {
  observer.logger.info({ address: server.address() }, 'listening');
  observer.health.markStarted(); // /readyz passes from now on (also served: /livez, /startupz, /healthz)
});
observer.serve(server); // SIGTERM: /readyz fails, requests drain, spans and logs flush, exit 0
