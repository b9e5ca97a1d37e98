// The factory telemetry.ts calls: wires names, handler table, bus, dedup window, batches,
// sampling and the flusher of one instance.
import { realClock } from '../config/clock.js';
import type { Clock, ResolvedEventsConfig } from '../config/options.js';
import { Batches, type Batch, type BatchKey } from './batches.js';
import { createBus, HANDLER_FAILURE_EVENT, type HandlerFaultCounts } from './bus.js';
import { DedupWindow, SUPPRESSED, type DedupKey, type SuppressionSummary } from './dedupWindow.js';
import { EventNames } from './eventName.js';
import { EventOrigin, type EventListener, type EventTap } from './eventTap.js';
import { readableCopy } from '../untrustedValue.js';
import type { EventNode } from './eventNode.js';
import { startFlusher } from './flusher.js';
import { TurnClock } from './turnClock.js';
import { HandlerTable } from './handlerTable.js';
import { invalidArgument, validateKey, validateMeasurements, validateMetadata } from './inputErrors.js';
import { createPrefixedEmitter, type PrefixableEmitters } from './prefixed.js';
import { createSampler } from './sampling/rules.js';
import type {
  AttachOptions,
  BatchMetadata,
  BatchReason,
  EmitMetadata,
  EventHandler,
  EventName,
  EventsApi,
  EventsHealth,
  HandlerInfo,
  HandlersHealth,
  Measurements,
  Metadata,
  PreparedEvent,
  SamplingStats,
} from './types.js';

/** Receives every executed event (the test kit records them). */
export type ExecutedObserver = (
  event: readonly string[],
  measurements: Measurements,
  metadata: Metadata,
  at: number,
) => void;

/** One of the instance's own events (span events, failure reports): trusted input, not counted. */
export interface OwnEvent {
  readonly name: readonly string[];
  /**
   * O(1), no allocation: whether executing this event would reach anyone right now (a
   * handler, or the observer when one is installed). Always `false` after shutdown.
   */
  hasHandlers(): boolean;
  /**
   * Executes the event; measurements are trusted (not validated) on this internal path. Not
   * counted in `health().events.executed`, which counts the application's calls only.
   */
  execute(measurements: Measurements, metadata: Metadata): void;
}

export interface EventSystemDeps {
  config: ResolvedEventsConfig;
  clock: Clock;
  random: () => number;
  /** Sees the emitted occurrences, summaries, batches and the executions it asks for (the log bridge). */
  tap?: EventTap;
  observe: ExecutedObserver | undefined;
}

export interface PrepareOptions {
  /**
   * Keep dispatching after shutdown: the instance's own reports of what happens while it
   * shuts down (an export that fails then), which are not the application's emits.
   */
  afterShutdown?: boolean;
}

export interface EventSystem extends EventsApi {
  prepare(event: EventName, options?: PrepareOptions): OwnEvent;
  /** Adds a listener of the instance's own (a metric definition) to `event`, for the life of the instance. */
  listen(event: EventName, listener: EventListener): void;
  /** Runs the flusher now: every open batch (`reason: 'interval'`) and the summaries of closed dedup windows. */
  flush(): void;
  /** Stops the flusher, executes every pending summary and batch; later emits count as dropped. */
  shutdown(): void;
  health(): { events: EventsHealth; handlers: HandlersHealth };
}

const SUPPRESSED_PREFIX = 'suppressed';
const BATCHED_PREFIX = 'batched';
const DEFAULT_BATCH_KEY = 'default';
const NO_METADATA: Metadata = Object.freeze({});

/**
 * Creates the event part of one telemetry instance and starts its flusher.
 *
 * @example
 * const events = createEventSystem({ config, clock: realClock, random: Math.random, observe: undefined });
 * events.attach('log-queries', 'db.query', (event, measurements) => log(event, measurements));
 * events.emitEvent('db.query', { duration: 3 }, { dedupKey: 'SELECT 1' });
 * events.shutdown();
 */
export function createEventSystem(deps: EventSystemDeps): EventSystem {
  const { config, clock, random, observe } = deps;
  const tap = deps.tap;
  const names = new EventNames(tap === undefined ? undefined : (parts) => tap.takesExecutionsOf(parts));
  const table = new HandlerTable();
  const faults: HandlerFaultCounts = { failures: 0, detached: 0 };
  const failureEvent = names.lookup(HANDLER_FAILURE_EVENT, 'event');
  failureEvent.pinned = true;
  const bus = createBus({ table, clock, observe, failureEvent, counts: faults, tap });
  const suppressedPrefix = names.lookup(SUPPRESSED_PREFIX, 'event');
  const batchedPrefix = names.lookup(BATCHED_PREFIX, 'event');
  const sampledEvents = names.holding(() => buildSampling(config.sampling, names, random));
  const dedup = new DedupWindow(config.dedupWindowMs, config.maxDedupKeys, (summary) => executeSummary(summary, undefined));
  const batches = new Batches(config.maxBatchSize, config.maxBatchKeys, (batch, reason) => executeBatch(batch, reason, undefined));
  const counts = { executed: 0, suppressed: 0, sampledOut: 0, dropped: 0 };
  // The real clock is read once per turn on the emit path; an injected clock (a manual one) is read every time.
  const turnClock = clock === realClock ? new TurnClock() : undefined;
  let stopped = false;
  let lastFlushAt: number | undefined;
  const stopFlusher = startFlusher(clock, config.batchIntervalMs, () => flushWith('interval'));

  function executeSummary(summary: SuppressionSummary, at: number | undefined): void {
    const { dedupKey, firstAt, lastAt } = summary;
    const node = names.concat(suppressedPrefix, summary.name);
    bus.dispatch(node, { count: summary.count }, { dedupKey, firstAt, lastAt }, at, EventOrigin.summary, summary.lastOccurrence);
  }

  function executeBatch(batch: Batch, reason: BatchReason, at: number | undefined): void {
    const metadata: Metadata = { batchKey: batch.batchKey, events: batch.events, reason };
    if (batch.clamped !== undefined) metadata.clamped = batch.clamped;
    bus.dispatch(names.concat(batchedPrefix, batch.name), batch.sums, metadata, at, EventOrigin.batch);
  }

  function flushWith(reason: BatchReason): void {
    if (stopped) return;
    const now = clock.now();
    lastFlushAt = now;
    for (const summary of dedup.closeWindows(now, false)) executeSummary(summary, now);
    for (const batch of batches.takeAll()) executeBatch(batch, reason, now);
  }

  // The emitting paths, after the shutdown check and the name lookup. Nobody listening is
  // checked first thing after validation: the common case costs a lookup and the checks.
  // `call` names the public function in error messages (`'emitEvent'`); it is only read on bad input.
  function executeNode(node: EventNode, measurements: Measurements | undefined, metadata: Metadata | undefined, call: string): void {
    if (measurements !== undefined) validateMeasurements(measurements, call, 'measurements');
    if (metadata !== undefined) validateMetadata(metadata, call, 'metadata');
    counts.executed++;
    if (bus.isWanted(node, EventOrigin.executed)) bus.dispatch(node, measurements, metadata, undefined, EventOrigin.executed);
  }

  function emitNode(node: EventNode, measurements: Measurements | undefined, metadata: Metadata | undefined, call: string): boolean {
    if (measurements !== undefined) validateMeasurements(measurements, call, 'measurements');
    let dedupKey: unknown;
    if (metadata !== undefined) {
      validateMetadata(metadata, call, 'metadata');
      dedupKey = metadata.dedupKey;
      if (dedupKey !== undefined) validateKey(dedupKey, call, 'metadata.dedupKey');
    }
    const now = turnClock === undefined ? clock.now() : turnClock.now();

    let sampleRate: number | undefined;
    const sampled = node.sampling;
    if (sampled !== undefined) {
      sampled.total++;
      sampleRate = sampled.sampler.sample(now);
      if (sampleRate === undefined) {
        counts.sampledOut++;
        return false;
      }
      sampled.sampled++;
    }

    let suppressedBefore = 0;
    if (dedupKey !== undefined) {
      // The tap logs a summary with what its occurrences said (severity, message).
      suppressedBefore = dedup.offer(node, dedupKey as DedupKey, now, tap === undefined ? undefined : metadata);
      if (suppressedBefore === SUPPRESSED) {
        counts.suppressed++;
        return false;
      }
    }

    counts.executed++;
    if (bus.isWanted(node, EventOrigin.emitted)) {
      bus.dispatch(node, measurements, withEmitFields(metadata, sampleRate, suppressedBefore), now, EventOrigin.emitted, undefined, suppressedBefore);
      // Handlers, the log bridge and metrics ran: time may have passed.
      turnClock?.stale();
    }
    return true;
  }

  function batchNode(node: EventNode, measurement: number | Measurements, metadata: Metadata | undefined, call: string): void {
    if (typeof measurement === 'number') {
      if (!Number.isFinite(measurement)) throw invalidArgument(`${call}: measurement`, measurement, 'a finite number or an object of finite numbers');
    } else {
      validateMeasurements(measurement, call, 'measurement');
    }
    let batchKey: unknown = DEFAULT_BATCH_KEY;
    if (metadata !== undefined) {
      validateMetadata(metadata, call, 'metadata');
      const givenKey = metadata.batchKey;
      if (givenKey !== undefined) {
        validateKey(givenKey, call, 'metadata.batchKey');
        batchKey = givenKey;
      }
    }
    batches.add(node, batchKey as BatchKey, measurement, metadata === undefined ? NO_METADATA : metadata);
  }

  const prefixedEmitters: PrefixableEmitters = {
    execute(event, measurements, metadata, prefix) {
      if (stopped) {
        counts.dropped++;
        return;
      }
      executeNode(names.concat(prefix, names.lookup(event, 'execute: event')), measurements, metadata, 'execute');
    },
    emitEvent(event, measurements, metadata, prefix) {
      if (stopped) {
        counts.dropped++;
        return false;
      }
      return emitNode(names.concat(prefix, names.lookup(event, 'emitEvent: event')), measurements, metadata, 'emitEvent');
    },
    emitBatched(event, measurement = 1, metadata, prefix) {
      if (stopped) {
        counts.dropped++;
        return;
      }
      batchNode(names.concat(prefix, names.lookup(event, 'emitBatched: event')), measurement, metadata, 'emitBatched');
    },
  };

  function attach(id: string, eventOrEvents: EventName | readonly EventName[], handler: EventHandler, options: AttachOptions = {}): void {
    if (typeof id !== 'string' || id === '') throw invalidArgument('attach: id', id, 'a non-empty string');
    if (table.get(id) !== undefined) {
      throw new Error(`attach: a handler with id ${JSON.stringify(id)} is already attached; detach it first or use another id`);
    }
    if (typeof handler !== 'function') throw invalidArgument('attach: handler', handler, 'a function');
    if (typeof options !== 'object' || options === null) throw invalidArgument('attach: options', options, 'an object');
    const maxFailures = options.maxFailures ?? 1;
    if (!Number.isInteger(maxFailures) || maxFailures < 1) {
      throw invalidArgument('attach: options.maxFailures', maxFailures, 'a positive integer');
    }
    names.holding(() => {
      const attachedNames = normalizeEventList(eventOrEvents, names);
      table.add({
        id,
        names: attachedNames,
        handler,
        maxFailures,
        config: options.config,
        failureTimes: [],
        detached: false,
        held: false,
        recursed: false,
      });
    });
  }

  function listen(event: EventName, listener: EventListener): void {
    const node = names.lookup(event, 'event');
    node.pinned = true;
    node.listeners = [...node.listeners, listener];
  }

  function prepare(event: EventName, options: PrepareOptions = {}): OwnEvent {
    const node = names.lookup(event, 'event');
    node.pinned = true;
    const stops = options.afterShutdown !== true;
    return {
      name: node.parts,
      hasHandlers: () => !(stops && stopped) && bus.isWanted(node, EventOrigin.executed),
      execute(measurements: Measurements, metadata: Metadata): void {
        if (stops && stopped) {
          counts.dropped++;
          return;
        }
        // Not in `executed`: a span event runs only when someone listens, so counting it would
        // make the counter depend on who is attached (and break executed + suppressed + sampledOut = calls).
        bus.dispatch(node, measurements, metadata, undefined, EventOrigin.executed);
      },
    };
  }

  /**
   * The application's prepared event. Its node is not pinned (an application that prepares
   * events for ever new names must not grow memory without bound): when the node was
   * forgotten as idle, the next call looks the name up again.
   */
  function event(name: EventName): PreparedEvent {
    let node = names.lookup(name, 'event: name');
    const parts = node.parts;
    const current = (): EventNode => (node.forgotten ? (node = names.lookup(parts, 'event: name')) : node);
    return {
      name: parts,
      execute(measurements?: Measurements, metadata?: Metadata): void {
        if (stopped) counts.dropped++;
        else executeNode(current(), measurements, metadata, 'event(name).execute');
      },
      emit(measurements?: Measurements, metadata?: EmitMetadata): boolean {
        if (!stopped) return emitNode(current(), measurements, metadata, 'event(name).emit');
        counts.dropped++;
        return false;
      },
      emitBatched(measurement: number | Measurements = 1, metadata?: BatchMetadata): void {
        if (stopped) counts.dropped++;
        else batchNode(current(), measurement, metadata, 'event(name).emitBatched');
      },
      hasHandlers: () => !stopped && bus.isWanted(current(), EventOrigin.executed),
    };
  }

  return {
    attach,
    detach: (id) => table.remove(id) !== undefined,
    handlers: (): HandlerInfo[] =>
      table.list().map(({ id, names: attachedNames, maxFailures, config: handlerConfig }) => ({
        id,
        events: attachedNames.map((name) => name.parts),
        maxFailures,
        config: handlerConfig,
      })),
    execute(event: EventName, measurements?: Measurements, metadata?: Metadata): void {
      if (stopped) {
        counts.dropped++;
        return;
      }
      executeNode(names.lookup(event, 'execute: event'), measurements, metadata, 'execute');
    },
    emitEvent(event: EventName, measurements?: Measurements, metadata?: EmitMetadata): boolean {
      if (stopped) {
        counts.dropped++;
        return false;
      }
      return emitNode(names.lookup(event, 'emitEvent: event'), measurements, metadata, 'emitEvent');
    },
    emitBatched(event: EventName, measurement: number | Measurements = 1, metadata?: BatchMetadata): void {
      if (stopped) {
        counts.dropped++;
        return;
      }
      batchNode(names.lookup(event, 'emitBatched: event'), measurement, metadata, 'emitBatched');
    },
    prefixed: (prefix) => createPrefixedEmitter(names.lookup(prefix, 'prefixed: prefix'), names, prefixedEmitters),
    event,
    samplingStats(): Record<string, SamplingStats> {
      const stats: Record<string, SamplingStats> = {};
      for (const { key, sampling } of sampledEvents) {
        if (sampling !== undefined) stats[key] = { total: sampling.total, sampled: sampling.sampled, rule: sampling.sampler.rule };
      }
      return stats;
    },
    prepare,
    listen,
    flush: () => flushWith('interval'),
    shutdown(): void {
      if (stopped) return;
      stopped = true;
      stopFlusher();
      const now = clock.now();
      lastFlushAt = now;
      for (const summary of dedup.closeWindows(now, true)) executeSummary(summary, now);
      for (const batch of batches.takeAll()) executeBatch(batch, 'interval', now);
    },
    health(): { events: EventsHealth; handlers: HandlersHealth } {
      return {
        events: {
          executed: counts.executed,
          suppressed: counts.suppressed,
          sampledOut: counts.sampledOut,
          dedupKeys: dedup.size,
          dedupEvictions: dedup.evictions,
          batches: batches.size,
          batchedEvents: batches.pendingOccurrences,
          dropped: counts.dropped,
          lastFlushAt,
        },
        handlers: { attached: table.size, failures: faults.failures, detached: faults.detached },
      };
    },
  };
}

/** Metadata as the handlers of an emitted event see it: the caller's object, copied only to add fields. */
function withEmitFields(metadata: Metadata | undefined, sampleRate: number | undefined, suppressed: number): Metadata | undefined {
  if (sampleRate === undefined && suppressed === 0) return metadata;
  const copy: Metadata = metadata === undefined ? {} : readableCopy(metadata);
  if (sampleRate !== undefined) copy.sampleRate = sampleRate;
  if (suppressed > 0) copy.suppressed = suppressed;
  return copy;
}

/** The nodes of the events that have a sampling rule, each holding its sampler (and so never forgotten). */
function buildSampling(rules: ResolvedEventsConfig['sampling'], names: EventNames, random: () => number): EventNode[] {
  const nodes: EventNode[] = [];
  for (const [event, rule] of Object.entries(rules)) {
    const node = names.lookup(event, `createTelemetry: option "events.sampling[${JSON.stringify(event)}]"`);
    node.sampling = { sampler: createSampler(rule, random, `createTelemetry: option "events.sampling.${node.key}"`), total: 0, sampled: 0 };
    if (!nodes.includes(node)) nodes.push(node);
  }
  return nodes;
}

/**
 * `attach`'s events: one name (a dotted string, or an array of strings: `['db', 'query']`),
 * or a list of names (an array with a non-string element, `[['db', 'query'], 'http.request']`,
 * or of two or more strings that all contain a dot, `['db.query', 'http.request']`).
 * Duplicates are attached once.
 */
function normalizeEventList(eventOrEvents: unknown, names: EventNames): EventNode[] {
  if (typeof eventOrEvents === 'string') return [names.lookup(eventOrEvents, 'attach: eventOrEvents')];
  if (!Array.isArray(eventOrEvents)) {
    throw invalidArgument('attach: eventOrEvents', eventOrEvents, 'an event name or an array of event names');
  }
  if (isOneArrayName(eventOrEvents)) return [names.lookup(eventOrEvents, 'attach: eventOrEvents')];
  const nodes = new Set<EventNode>();
  eventOrEvents.forEach((event: unknown, index) => nodes.add(names.lookup(event, `attach: eventOrEvents[${index}]`)));
  return [...nodes];
}

/**
 * Whether an array given to `attach` is one name in array form. Strings that all contain a
 * dot are dotted names each (`['db.query', 'http.request']`): nobody writes one name as
 * parts that are themselves dotted paths.
 */
function isOneArrayName(parts: readonly unknown[]): boolean {
  let dottedParts = 0;
  for (const part of parts) {
    if (typeof part !== 'string') return false;
    if (part.includes('.')) dottedParts++;
  }
  return parts.length < 2 || dottedParts < parts.length;
}
