import type { ModelId } from '../contract/models.js';
import { matchOperationPath, OPERATIONS, submitRoutes, type OperationId } from '../contract/operations.js';
import type { ProfileId } from '../contract/profiles.js';

/** What a request is for under the profile: one of the contract's operations, or a request it does not define. */
export type ProxyRoute =
  | { readonly operation: 'submit'; readonly id: OperationId; readonly models: readonly ModelId[] }
  | { readonly operation: 'getTask' | 'cancel'; readonly id: OperationId; readonly taskId: string }
  | { readonly operation: 'other' };

const OTHER: ProxyRoute = { operation: 'other' };

/** Matches requests by the profile's operations in `src/contract/operations.ts`. */
export class Router {
  readonly #models: ReadonlyMap<OperationId, readonly ModelId[]>;

  constructor(private readonly profile: ProfileId) {
    this.#models = new Map(submitRoutes(profile).map(({ operation, models }) => [operation, models]));
  }

  /** The route of a path under the base path (no query); trailing slashes are tolerated, as the Python SDK sends them. */
  match(method: string, rawPath: string): ProxyRoute {
    const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath;
    const matched = matchOperationPath(this.profile, path);
    const id = matched?.operations.find((op) => OPERATIONS[op].method === method);
    if (!matched || !id) return OTHER;
    const kind = OPERATIONS[id].kind;
    if (kind === 'submit') return { operation: 'submit', id, models: this.#models.get(id) ?? [] };
    const taskId = matched.params.task_id;
    if (taskId === undefined) return OTHER;
    return { operation: kind === 'query' ? 'getTask' : 'cancel', id, taskId };
  }
}
