import * as otelApi from '@opentelemetry/api';
import { logs as apiLogs, type LoggerProvider } from '@opentelemetry/api-logs';

/** The logs API that `@opentelemetry/api` carries itself from 1.10 on. */
interface ApiLogs {
  getLoggerProvider(): LoggerProvider;
}

/**
 * Where `@opentelemetry/api-logs` keeps the provider registered with it: the key it shares
 * across its copies and versions, present only once a provider is registered.
 */
const API_LOGS_GLOBAL_KEY = Symbol.for('io.opentelemetry.js.api.logs');

/**
 * The logger provider registered globally. The 2.x SDK line registers it with
 * `@opentelemetry/api-logs`, the 3.x line (with `@opentelemetry/api` 1.10) with
 * `@opentelemetry/api` itself, each under its own key: the one registered is taken.
 * When neither is (yet), the api's own provider, which follows a later registration.
 */
export function globalLoggerProvider(): LoggerProvider {
  const apiOwnLogs = (otelApi as { logs?: ApiLogs }).logs;
  const registeredWithApiLogs = (globalThis as Record<symbol, unknown>)[API_LOGS_GLOBAL_KEY] !== undefined;
  if (apiOwnLogs === undefined || registeredWithApiLogs) return apiLogs.getLoggerProvider();
  return apiOwnLogs.getLoggerProvider();
}
