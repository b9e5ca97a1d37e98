// The factory telemetry.ts calls; each job lives in a module of its own in this folder.
import { context, type Attributes } from '@opentelemetry/api';
import type { Clock, ResolvedErrorContextConfig } from '../config/options.js';
import type { EventSystem } from '../sampled/eventSystem.js';
import type { SpanErrorHooks } from '../span/spanSystem.js';
import { createBreadcrumbTrail } from './breadcrumbs.js';
import { createCaptureError } from './captureError.js';
import { createCounters } from './counters.js';
import { createErrorEnricher } from './enrichError.js';
import { createExceptionAttributes } from './exceptionAttributes.js';
import { createLogFields } from './logFields.js';
import { createPropagation, type Propagation } from './propagation.js';
import { createRedactor } from './redaction.js';
import { createScopes } from './scopes.js';
import type { ErrorContextApi, ErrorContextHealth } from './types.js';

export interface ErrorContextDeps {
  config: ResolvedErrorContextConfig;
  clock: Clock;
  events: Pick<EventSystem, 'execute'>;
}

/** The instance's redaction rules, for what leaves the process elsewhere (log records, metric attributes). */
export interface Redaction {
  isSecretKey(key: string): boolean;
  cutString(value: string): string;
  /** At most this many keys of a record are kept. */
  readonly maxKeys: number;
}

export interface ErrorContextSystem extends ErrorContextApi {
  /** The context a request's handlers run in: remote parent, propagated keys and `fields` (see `Propagation`). */
  requestContext: Propagation['requestContext'];
  /** Hooks the span part calls when an error escapes a span. */
  spanHooks: SpanErrorHooks;
  redaction: Redaction;
  /** `exception.*` and `error.context.*` attributes of a thrown value, redacted. */
  exceptionAttributes(error: unknown): Attributes;
  health(): ErrorContextHealth;
}

/**
 * Creates the error-context part of one instance: scopes, enrichment, redaction,
 * breadcrumbs, captured errors, log fields and propagation. All its state (counters, the
 * set of enriched errors, caches) belongs to the returned object; per-flow data lives in
 * the flow's scopes.
 *
 * @example
 * const errors = createErrorContextSystem({ config: resolved.errorContext, clock, events });
 * errors.withContext({ requestId: 'r1' }, () => errors.getContext()); // { requestId: 'r1' }
 */
export function createErrorContextSystem({ config, clock, events }: ErrorContextDeps): ErrorContextSystem {
  const counters = createCounters();
  const redactor = createRedactor(config, counters);
  const breadcrumbs = createBreadcrumbTrail({ clock, maxBreadcrumbs: config.maxBreadcrumbs, redactor, counters });
  const enricher = createErrorEnricher({ redactor, breadcrumbs, counters });
  const exceptionAttributes = createExceptionAttributes(redactor, config.maxKeys);
  const scopes = createScopes({ enrichEscaping: enricher.enrichEscaping });
  const { inject, extract, requestContext } = createPropagation({
    propagateKeys: config.propagateKeys,
    cutString: redactor.cutString,
    isSecretKey: redactor.isSecretKey,
    runInScope: scopes.runInScope,
  });

  return {
    withContext: scopes.withContext,
    getContext: scopes.getContext,
    setContext: scopes.setContext,
    clearContext: scopes.clearContext,
    enrichError: (err) => enricher.enrich(err, context.active()),
    addBreadcrumb: breadcrumbs.add,
    captureError: createCaptureError({ enricher, exceptionAttributes, events }),
    logFields: createLogFields(redactor),
    inject,
    extract,
    requestContext,
    spanHooks: {
      enrichEscaping: (error) => enricher.enrichEscaping(error, context.active()),
      exceptionAttributes,
      isSecretKey: redactor.isSecretKey,
    },
    redaction: { isSecretKey: redactor.isSecretKey, cutString: redactor.cutString, maxKeys: config.maxKeys },
    exceptionAttributes,
    health: () => ({ ...counters }),
  };
}
