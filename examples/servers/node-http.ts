import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTelemetry } from '../../src/index.js';

const telemetry = createTelemetry({ serviceName: 'orders', exporter: 'console' });

const server = http.createServer(
  telemetry.http.handler(async (req, res) => {
    // The server span ("GET") and the request scope ({ requestId }) are active here, across every await.
    const order = await telemetry.withSpan('orders.load', async () => ({ id: req.url?.split('/').pop() }));
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ order, requestId: telemetry.getContext().requestId }));
  }),
);

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

// Graceful shutdown: stop accepting requests, let the open ones finish, then export what is left.
process.once('SIGTERM', () => {
  server.close(() => void telemetry.shutdown());
});
