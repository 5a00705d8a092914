import type { ModelId } from '../contract/models.js';
import { OPERATIONS, matchOperationPath, submitRoutes, type OperationId } from '../contract/operations.js';
import { PROFILES, PROFILE_IDS, type ProfileId } from '../contract/profiles.js';

/** Where the mock serves its videos, outside both profiles' base paths. */
export const ARTIFACT_PREFIX = '/mock-artifacts/';

/** The path of a task's video on the mock. */
export function artifactPath(taskId: string): string {
  return `${ARTIFACT_PREFIX}${taskId}.mp4`;
}

/** A matched route: the contract operations at the path (their methods make the `Allow` list), or a video. */
export type Route =
  | {
      readonly kind: 'operation';
      readonly profile: ProfileId;
      /** The operations at this path, by method. */
      readonly byMethod: Readonly<Record<string, OperationId>>;
      readonly params: Readonly<Record<string, string>>;
      readonly allow: readonly string[];
    }
  | { readonly kind: 'artifact'; readonly taskId: string; readonly allow: readonly string[] };

const DOWNLOAD = ['GET', 'HEAD'] as const;

// Longest base path first, so that no profile's prefix shadows another's.
const BASES = PROFILE_IDS.map((profile) => {
  const base = PROFILES[profile].basePath;
  return { profile, base, prefix: `${base}/` };
}).sort((a, b) => b.base.length - a.base.length);

// The operations at a path, by method, built once per set of operations rather than on every request.
const METHODS = new Map<string, { byMethod: Readonly<Record<string, OperationId>>; allow: readonly string[] }>();

function methodsOf(operations: readonly OperationId[]) {
  const key = operations.join(' ');
  let methods = METHODS.get(key);
  if (!methods) {
    const byMethod = Object.fromEntries(operations.map((op) => [OPERATIONS[op].method, op]));
    methods = { byMethod, allow: Object.keys(byMethod) };
    METHODS.set(key, methods);
  }
  return methods;
}

const MODELS_AT = new Map<string, readonly ModelId[]>();

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The route of a request path, or undefined for a path the contract does not define. Tolerates what real clients
 * send: trailing slashes (the Python SDK polls `/tasks/{id}/`); the query string is never part of `path`.
 */
export function matchRoute(rawPath: string): Route | undefined {
  const path = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.replace(/\/+$/, '') : rawPath;
  for (const { profile, base, prefix } of BASES) {
    if (!path.startsWith(prefix)) continue;
    const found = matchOperationPath(profile, path.slice(base.length));
    if (!found) return undefined;
    const { byMethod, allow } = methodsOf(found.operations);
    return { kind: 'operation', profile, byMethod, params: found.params, allow };
  }
  if (path.startsWith(ARTIFACT_PREFIX)) {
    const name = path.slice(ARTIFACT_PREFIX.length);
    if (name.endsWith('.mp4') && name.length > 4 && !name.includes('/'))
      return { kind: 'artifact', taskId: decodeSegment(name.slice(0, -4)), allow: DOWNLOAD };
  }
  return undefined;
}

/** The models submitted at a submit operation under a profile. */
export function modelsAt(profile: ProfileId, op: OperationId): readonly ModelId[] {
  // Computed once per route: submitRoutes walks the whole registry.
  const key = `${profile} ${op}`;
  let models = MODELS_AT.get(key);
  if (!models) {
    models = submitRoutes(profile).find((r) => r.operation === op)?.models ?? [];
    MODELS_AT.set(key, models);
  }
  return models;
}

/** The base URL of each profile on a server. */
export function profileBaseUrls(origin: string): Record<ProfileId, string> {
  return Object.fromEntries(PROFILE_IDS.map((p) => [p, `${origin}${PROFILES[p].basePath}`])) as Record<
    ProfileId,
    string
  >;
}
