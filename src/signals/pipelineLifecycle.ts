import { ExportLoss } from './failureDescription.js';
import { attempt, settleWithin } from './settleWithin.js';

/** What every OpenTelemetry provider of the SDK offers for its lifecycle. */
export interface FlushableProvider {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** The flush and shutdown of one signal's pipeline, both bounded. */
export interface PipelineLifecycle {
  /** Flushes, waiting at most `flushTimeoutMs`; never rejects (failures are counted by the exporter). */
  forceFlush(): Promise<void>;
  /** Flushes and shuts down within `timeoutMs`, once; the same promise to every call. */
  shutdown(timeoutMs: number): Promise<void>;
}

/**
 * The lifecycle of a pipeline this instance built: the provider is flushed then shut
 * down (the simple processors do not wait for exports in flight on shutdown, and the
 * batch processors skip the exporter's shutdown when their last flush fails: both are
 * done here; a meter provider's shutdown exports once more itself, so `flushFirst: false`
 * spares it a second export of the same points). When the budget runs out first, `onBudgetSpent` counts what is left (items
 * still queued as dropped, exports still waiting as failed) and the exporter is told to
 * stop now: a hung export holds the processor, which would shut it down only after.
 */
export function ownedPipeline(
  provider: FlushableProvider,
  exporter: { shutdown(): Promise<void> },
  flushTimeoutMs: number,
  items: string,
  onBudgetSpent: (reason: ExportLoss) => void,
  flushFirst = true,
): PipelineLifecycle {
  let shutdownPromise: Promise<void> | undefined;
  return {
    forceFlush: async () => {
      await settleWithin(attempt(() => provider.forceFlush()), flushTimeoutMs);
    },
    shutdown(timeoutMs: number): Promise<void> {
      if (shutdownPromise) return shutdownPromise;
      const flushed = flushFirst ? attempt(() => provider.forceFlush()) : Promise.resolve();
      const drain = flushed
        .then(
          () => provider.shutdown(),
          () => provider.shutdown(),
        )
        .catch(() => exporter.shutdown());
      shutdownPromise = settleWithin(drain, timeoutMs).then((outcome) => {
        if (outcome !== 'timeout') return;
        onBudgetSpent(
          new ExportLoss(
            'shutdown budget',
            `shutdown's budget of ${timeoutMs} ms ran out before every ${items} was exported`,
            'give shutdown({ timeoutMs }) more time, or check that the exporter answers.',
          ),
        );
        exporter.shutdown().catch(() => undefined);
      });
      return shutdownPromise;
    },
  };
}

/**
 * The lifecycle of a provider the user owns (passed in, or the global one): it is flushed,
 * within the budgets, and never shut down: the application may still use it.
 */
export function borrowedPipeline(provider: object, flushTimeoutMs: number): PipelineLifecycle {
  const flushable = provider as { forceFlush?: () => Promise<void> };
  const flush = (): Promise<unknown> => attempt(() => flushable.forceFlush?.());
  let shutdownPromise: Promise<void> | undefined;
  return {
    forceFlush: async () => {
      await settleWithin(flush(), flushTimeoutMs);
    },
    shutdown(timeoutMs: number): Promise<void> {
      shutdownPromise ??= settleWithin(flush(), timeoutMs).then(() => undefined);
      return shutdownPromise;
    },
  };
}
