import type { Clock } from '../config/options.js';
import type { Breadcrumb, FlowScope } from '../context/flowScope.js';
import { describeValue, requireFields } from './argumentChecks.js';
import type { ErrorContextCounters } from './counters.js';
import type { Redactor } from './redaction.js';
import { requireScope } from './requireScope.js';

export interface BreadcrumbTrail {
  /** Appends to the innermost scope's breadcrumbs, dropping (and counting) the oldest beyond the bound. */
  add(message: string, data?: Record<string, unknown>): void;
  /** The flow's breadcrumbs, root scope first (each scope holds at most `maxBreadcrumbs`); copies. */
  collect(scope: FlowScope | undefined): Breadcrumb[];
}

export interface BreadcrumbTrailDeps {
  clock: Clock;
  maxBreadcrumbs: number;
  redactor: Redactor;
  counters: ErrorContextCounters;
}

/**
 * Creates the breadcrumb trail of one instance. Breadcrumbs live on the scopes of the
 * flow, so they vanish with it; `data` is stored redacted, so later mutation of the
 * caller's object changes nothing.
 *
 * @example
 * trail.add('cart loaded', { items: 3 });
 * trail.collect(currentScope()); // [{ message: 'cart loaded', data: { items: 3 }, at: 1767225600000 }]
 */
export function createBreadcrumbTrail({ clock, maxBreadcrumbs, redactor, counters }: BreadcrumbTrailDeps): BreadcrumbTrail {
  return {
    add(message, data) {
      if (typeof message !== 'string') {
        throw new TypeError(`addBreadcrumb(message, data): message must be a string, got ${describeValue(message)}`);
      }
      if (data !== undefined) requireFields('addBreadcrumb(message, data)', 'data', data);
      const scope = requireScope('addBreadcrumb');
      if (maxBreadcrumbs <= 0) {
        counters.breadcrumbsDropped += 1;
        return;
      }
      const breadcrumb: Breadcrumb = {
        message: redactor.cutString(message),
        data: data === undefined ? undefined : redactor.redactFields(data),
        at: clock.now(),
      };
      const trail = (scope.breadcrumbs ??= []);
      // A compact copy of a deep flow keeps this many of its latest breadcrumbs.
      if (scope.breadcrumbLimit < maxBreadcrumbs) scope.breadcrumbLimit = maxBreadcrumbs;
      trail.push(breadcrumb);
      if (trail.length > maxBreadcrumbs) {
        trail.shift();
        counters.breadcrumbsDropped += 1;
      }
    },

    collect(scope) {
      const trails: Breadcrumb[][] = [];
      for (let s = scope; s !== undefined; s = s.parent) {
        if (s.breadcrumbs !== undefined && s.breadcrumbs.length > 0) trails.push(s.breadcrumbs);
      }
      const all: Breadcrumb[] = [];
      for (let i = trails.length - 1; i >= 0; i -= 1) {
        for (const b of trails[i] as Breadcrumb[]) all.push({ message: b.message, data: b.data === undefined ? undefined : { ...b.data }, at: b.at });
      }
      return all;
    },
  };
}
