import type { ResolvedBatch } from './options.js';
import { readNumber } from './readEnvironment.js';
import {
  DURATION,
  POSITIVE_DURATION,
  POSITIVE_INTEGER,
  checkKnownKeys,
  checkNumber,
  envLabel,
  invalidSetting,
  optionLabel,
  type Env,
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
 * `envPrefix` `OTEL_BSP_`, `OTEL_BLRP_…` for log records), then `defaults`.
 */
export function resolveBatchSettings(
  path: string,
  option: Record<string, unknown> | undefined,
  envPrefix: string,
  defaults: ResolvedBatch,
  env: Env,
  sources: Sources,
): ResolvedBatch {
  if (option) checkKnownKeys(path, option, FIELDS.map(([key]) => key));
  const batch: { -readonly [K in keyof ResolvedBatch]: number } = { ...defaults };
  const labels: Record<string, string> = {};
  for (const [key, envSuffix, rule] of FIELDS) {
    const fieldPath = `${path}.${key}`;
    const envName = `${envPrefix}${envSuffix}`;
    const given = option?.[key];
    const fromEnv = given === undefined ? readNumber(env, envName) : undefined;
    if (given !== undefined) {
      labels[key] = optionLabel(fieldPath);
      batch[key] = checkNumber(labels[key], given, rule);
      sources[fieldPath] = 'option';
    } else if (fromEnv !== undefined) {
      labels[key] = envLabel(envName);
      batch[key] = checkNumber(labels[key], fromEnv, rule);
      sources[fieldPath] = 'env';
    } else {
      sources[fieldPath] = 'default';
    }
  }
  if (batch.maxExportBatchSize > batch.maxQueueSize) {
    const label = labels.maxExportBatchSize;
    // The default batch size follows a smaller queue; a batch size someone set is their mistake.
    if (label === undefined) batch.maxExportBatchSize = batch.maxQueueSize;
    else throw invalidSetting(label, `at most ${path}.maxQueueSize (${batch.maxQueueSize})`, batch.maxExportBatchSize);
  }
  return batch;
}
