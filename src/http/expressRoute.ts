import type { IncomingMessage } from 'node:http';

/**
 * The route template Express (4 and 5) matched, with the mount path of the routers it
 * went through: `/api` + `/users/:id`. Undefined when no route matched (a 404).
 */
export function expressRoute(req: IncomingMessage): string | undefined {
  const { route, baseUrl } = req as { route?: { path?: unknown }; baseUrl?: unknown };
  const path = route?.path;
  const template = typeof path === 'string' ? path : path instanceof RegExp ? String(path) : undefined;
  if (template === undefined) return undefined;
  return typeof baseUrl === 'string' ? baseUrl + template : template;
}
