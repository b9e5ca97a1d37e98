// The names a documentation example may use without declaring them: the application's
// instance and the server objects every HTTP example has. An example declares or imports
// anything else it uses, or is marked `<!-- not compiled: reason -->`.
import type { Express, Request, Response } from 'express';
import type { FastifyInstance } from 'fastify';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Telemetry } from 'foundation-telemetry';

declare global {
  /** The application's instance, as `createTelemetry(...)` returns it. */
  const telemetry: Telemetry;
  /** An Express application, and the request and response of one of its routes. */
  const app: Express;
  const req: Request;
  const res: Response;
  /** A Fastify application. */
  const fastify: FastifyInstance;
  /** The application's `node:http` server. */
  const server: Server;
  /** A pino logger. */
  const logger: Logger;
}
