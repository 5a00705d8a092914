import type { ModelId } from '../contract/models.js';
import { PROFILES, PROFILE_IDS, submitRoutes, type ProfileId } from '../contract/profiles.js';

/** Where the mock serves its videos, outside both profiles' base paths. */
export const ARTIFACT_PREFIX = '/mock-artifacts/';

/** A matched route: what the path names and which methods it answers. */
export type Route =
  | {
      readonly kind: 'submit';
      readonly profile: ProfileId;
      readonly path: string;
      readonly models: readonly ModelId[];
      readonly allow: readonly string[];
    }
  | { readonly kind: 'task'; readonly profile: ProfileId; readonly taskId: string; readonly allow: readonly string[] }
  | { readonly kind: 'cancel'; readonly profile: ProfileId; readonly taskId: string; readonly allow: readonly string[] }
  | { readonly kind: 'artifact'; readonly taskId: string; readonly allow: readonly string[] };

const POST = ['POST'] as const;
const GET = ['GET'] as const;
const DOWNLOAD = ['GET', 'HEAD'] as const;

// Submit routes of both profiles, derived from the contract: full path → route.
const SUBMITS = new Map<string, Route>(
  PROFILE_IDS.flatMap((profile) =>
    submitRoutes(profile).map(({ path, models }) => {
      const full = `${PROFILES[profile].basePath}${path}`;
      return [full, { kind: 'submit', profile, path: full, models, allow: POST }] as const;
    }),
  ),
);

// Longest base path first, so that no profile's prefix shadows another's.
const TASK_PREFIXES = PROFILE_IDS.map((profile) => ({ profile, prefix: `${PROFILES[profile].basePath}/tasks/` })).sort(
  (a, b) => b.prefix.length - a.prefix.length,
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
  const submit = SUBMITS.get(path);
  if (submit) return submit;
  for (const { profile, prefix } of TASK_PREFIXES) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length).split('/');
    const [id, action, ...extra] = rest;
    if (!id || extra.length > 0) return undefined;
    if (action === undefined) return { kind: 'task', profile, taskId: decodeSegment(id), allow: GET };
    // Cancel exists only where the profile defines it (the page does not).
    if (action === 'cancel' && PROFILES[profile].cancel)
      return { kind: 'cancel', profile, taskId: decodeSegment(id), allow: POST };
    return undefined;
  }
  if (path.startsWith(ARTIFACT_PREFIX)) {
    const name = path.slice(ARTIFACT_PREFIX.length);
    if (name.endsWith('.mp4') && name.length > 4 && !name.includes('/'))
      return { kind: 'artifact', taskId: decodeSegment(name.slice(0, -4)), allow: DOWNLOAD };
  }
  return undefined;
}

/** The base URL of each profile on a server. */
export function profileBaseUrls(origin: string): Record<ProfileId, string> {
  return Object.fromEntries(PROFILE_IDS.map((p) => [p, `${origin}${PROFILES[p].basePath}`])) as Record<
    ProfileId,
    string
  >;
}
