import { defaultResource, type Resource, resourceFromAttributes } from '@opentelemetry/resources';
import type { ResolvedOptions } from '../config/index.js';

/** The OTel resource every signal carries: the SDK's defaults, the configured attributes, then the service's own. */
export function buildResource(options: ResolvedOptions): Resource {
  return defaultResource().merge(
    resourceFromAttributes({
      ...options.resourceAttributes,
      'service.name': options.serviceName,
      ...(options.serviceVersion ? { 'service.version': options.serviceVersion } : {}),
      'deployment.environment.name': options.environment,
    }),
  );
}
