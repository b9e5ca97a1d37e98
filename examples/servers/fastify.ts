import Fastify from 'fastify';
import { createTelemetry } from '../../src/index.js';

const telemetry = createTelemetry({ serviceName: 'orders', exporter: 'console' });

const app = Fastify();
await app.register(telemetry.http.fastify()); // once, at the root, before the routes: it applies to all of them

app.get('/orders/:id', async (request) => {
  const { id } = request.params as { id: string };
  const order = await telemetry.withSpan('orders.load', async () => ({ id }));
  return { order, requestId: telemetry.getContext().requestId };
});

const address = await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
console.log(`listening on ${address}`);

process.once('SIGTERM', () => {
  void app.close().then(() => telemetry.shutdown());
});
