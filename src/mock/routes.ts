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
const BASES = PROFILE_IDS.map((profile) => ({ profile, base: PROFILES[profile].basePath })).sort(
  (a, b) => b.base.length - a.base.length,
);

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
  const path = rawPath.length > 1 ? rawPath.replace(/\/+$/, '') : rawPath;
  for (const { profile, base } of BASES) {
    if (!path.startsWith(`${base}/`)) continue;
    const found = matchOperationPath(profile, path.slice(base.length));
    if (!found) return undefined;
    const byMethod = Object.fromEntries(found.operations.map((op) => [OPERATIONS[op].method, op]));
    return { kind: 'operation', profile, byMethod, params: found.params, allow: Object.keys(byMethod) };
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
  return submitRoutes(profile).find((r) => r.operation === op)?.models ?? [];
}

/** The base URL of each profile on a server. */
export function profileBaseUrls(origin: string): Record<ProfileId, string> {
  return Object.fromEntries(PROFILE_IDS.map((p) => [p, `${origin}${PROFILES[p].basePath}`])) as Record<
    ProfileId,
    string
  >;
}
