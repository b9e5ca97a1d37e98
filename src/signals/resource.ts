import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { ResolvedConfig } from '../config/options.js';

/** The resource every signal of an instance is exported with: SDK defaults, the resource attributes, `service.name`. */
export function resourceFor(config: ResolvedConfig): Resource {
  return defaultResource().merge(resourceFromAttributes({ ...config.resource, [ATTR_SERVICE_NAME]: config.serviceName }));
}
