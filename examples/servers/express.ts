import type { AddressInfo } from 'node:net';
import express from 'express';
import { createTelemetry } from '../../src/index.js';

const telemetry = createTelemetry({ serviceName: 'orders', exporter: 'console' });

const app = express();
app.use(telemetry.http.express()); // first, so that every later middleware and route runs in the request's span

app.get('/orders/:id', async (req, res) => {
  const order = await telemetry.withSpan('orders.load', async () => ({ id: req.params.id }));
  res.json({ order, requestId: telemetry.getContext().requestId });
});

app.use(telemetry.http.expressErrors()); // after the routes: records the error, then passes it on unchanged
app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
  res.status(500).json({ error: error.message });
});

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

process.once('SIGTERM', () => {
  server.close(() => void telemetry.shutdown());
});
