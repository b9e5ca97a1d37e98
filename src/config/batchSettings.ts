import type { EnvReader } from './envReader.js';
import type { ResolvedBatch } from './options.js';
import {
  DURATION,
  POSITIVE_DURATION,
  POSITIVE_INTEGER,
  checkKnownKeys,
  checkNumber,
  envLabel,
  invalidSetting,
  optionLabel,
  type Sources,
} from './settingChecks.js';

const FIELDS = Object.freeze([
  ['scheduledDelayMs', 'SCHEDULE_DELAY', DURATION],
  ['maxQueueSize', 'MAX_QUEUE_SIZE', POSITIVE_INTEGER],
  ['maxExportBatchSize', 'MAX_EXPORT_BATCH_SIZE', POSITIVE_INTEGER],
  ['exportTimeoutMs', 'EXPORT_TIMEOUT', POSITIVE_DURATION],
] as const);

/**
 * The settings of a batch processor, field by field: the option (`batch.maxQueueSize`,
 * `logs.batch.maxQueueSize`), then the variable (`OTEL_BSP_MAX_QUEUE_SIZE` for
 * `envPrefix` `OTEL_BSP_`, `OTEL_BLRP_…` for log records), then `defaults`. A batch size
 * above the queue size is cut to the queue size, with a warning when a variable set
 * either; when both are options it is a programming error and throws.
 */
export function resolveBatchSettings(
  path: string,
  option: Record<string, unknown> | undefined,
  envPrefix: string,
  defaults: ResolvedBatch,
  env: EnvReader,
  sources: Sources,
): ResolvedBatch {
  if (option) checkKnownKeys(path, option, FIELDS.map(([key]) => key));
  const batch: { -readonly [K in keyof ResolvedBatch]: number } = { ...defaults };
  for (const [key, envSuffix, rule] of FIELDS) {
    const fieldPath = `${path}.${key}`;
    const given = option?.[key];
    const fromEnv = given === undefined ? env.number(`${envPrefix}${envSuffix}`, rule) : undefined;
    if (given !== undefined) {
      batch[key] = checkNumber(optionLabel(fieldPath), given, rule);
      sources[fieldPath] = 'option';
    } else if (fromEnv !== undefined) {
      batch[key] = fromEnv;
      sources[fieldPath] = 'env';
    } else {
      sources[fieldPath] = 'default';
    }
  }
  if (batch.maxExportBatchSize > batch.maxQueueSize) {
    const sizeSource = sources[`${path}.maxExportBatchSize`];
    const queueSource = sources[`${path}.maxQueueSize`];
    if (sizeSource === 'option' && queueSource !== 'env') {
      throw invalidSetting(optionLabel(`${path}.maxExportBatchSize`), `at most ${path}.maxQueueSize (${batch.maxQueueSize})`, batch.maxExportBatchSize);
    }
    if (sizeSource === 'env') {
      const name = `${envPrefix}MAX_EXPORT_BATCH_SIZE`;
      env.ignore(name, `at most the queue size (${batch.maxQueueSize})`, env.raw(name), `the batch size is the queue size`);
    } else if (queueSource === 'env' && sizeSource === 'option') {
      const name = `${envPrefix}MAX_QUEUE_SIZE`;
      const option = `option "${path}.maxExportBatchSize" (${batch.maxExportBatchSize})`;
      env.warn(`${envLabel(name)} (${batch.maxQueueSize}) is below ${option}: the batch size is cut to the queue size`);
    }
    // The default batch size follows a smaller queue, as OpenTelemetry's processors do.
    batch.maxExportBatchSize = batch.maxQueueSize;
    if (sizeSource === 'env') sources[`${path}.maxExportBatchSize`] = 'default';
  }
  return batch;
}
