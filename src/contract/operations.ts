import { MODELS, modelsOfProfile, type ModelId } from './models.js';
import { PROFILES, type ProfileId } from './profiles.js';

/** The schema component that describes an operation's HTTP 200 answer (see `responseSchemaOf` in the schemas). */
export type ResponseName = 'SubmitResponse' | 'TaskResponse' | 'CancelResponse' | 'TaskListResponse';

/** What an operation does, for code that treats all submits (or all reads) alike. */
export type OperationKind = 'submit' | 'query' | 'cancel' | 'list';

/** One HTTP operation of the contract: written once here, derived by the documents, the mock, the client and the runner. */
export interface OperationDefinition {
  /** The OpenAPI operationId. */
  readonly id: string;
  readonly method: 'GET' | 'POST';
  /** Path template under a profile's base path; `{name}` is a path parameter, filled by {@link pathOf}. */
  readonly path: string;
  /** The profiles that offer it. */
  readonly profiles: readonly ProfileId[];
  readonly kind: OperationKind;
  /** Whether the request carries the `X-DashScope-Async` header (required where the profile says so). */
  readonly asyncHeader: boolean;
  readonly summary: string;
  readonly description: string;
  /** The schema of its HTTP 200 answer. */
  readonly response: ResponseName;
}

/**
 * The HTTP surface of the contract (reference: "Endpoints"; official API references of text-to-video,
 * image-to-video and the task query). A new operation is one more entry here.
 */
export const OPERATIONS = {
  createVideoTask: {
    id: 'createVideoTask',
    method: 'POST',
    path: '/services/aigc/video-generation/video-synthesis',
    profiles: ['crazyrouter', 'dashscope'],
    kind: 'submit',
    asyncHeader: true,
    summary: 'Create a video task',
    description: 'Submits an asynchronous video-synthesis task.',
    response: 'SubmitResponse',
  },
  createImageToVideoTask: {
    id: 'createImageToVideoTask',
    method: 'POST',
    path: '/services/aigc/image2video/video-synthesis',
    // crazyrouter accepts it as an alias for the models served there officially (profiles: officialSubmitPathAlias).
    profiles: ['crazyrouter', 'dashscope'],
    kind: 'submit',
    asyncHeader: true,
    summary: 'Create a video task',
    description: 'Submits an asynchronous video-synthesis task on the official image2video path.',
    response: 'SubmitResponse',
  },
  getTask: {
    id: 'getTask',
    method: 'GET',
    path: '/tasks/{task_id}',
    profiles: ['crazyrouter', 'dashscope'],
    kind: 'query',
    asyncHeader: false,
    summary: 'Query a task',
    description:
      'Answers HTTP 200 in every status. PENDING and RUNNING move on; SUCCEEDED, FAILED, CANCELED and UNKNOWN are terminal and never change. Unknown or expired (over 24 h) ids answer UNKNOWN.',
    response: 'TaskResponse',
  },
  cancelTask: {
    id: 'cancelTask',
    method: 'POST',
    path: '/tasks/{task_id}/cancel',
    // The page defines no cancel; the official upstream cancels PENDING tasks (reference: "Cancel").
    profiles: ['dashscope'],
    kind: 'cancel',
    asyncHeader: false,
    summary: 'Cancel a pending task',
    description: 'Cancels a task that is still PENDING; a task that already runs cannot be canceled.',
    response: 'CancelResponse',
  },
  listTasks: {
    id: 'listTasks',
    method: 'GET',
    path: '/tasks',
    // The official task list (help.aliyun.com/zh/model-studio/manage-asynchronous-tasks, "批量查询异步任务状态接口"),
    // called by the SDKs' list(); the page defines none.
    profiles: ['dashscope'],
    kind: 'list',
    asyncHeader: false,
    summary: 'List tasks',
    description:
      'Lists the account’s tasks of any model, newest first, filtered by a window of at most 24 hours (start_time, end_time as YYYYMMDDhhmmss; the last 24 hours by default), model_name and status, a page at a time (page_no, page_size). Finished tasks leave the list when they expire.',
    response: 'TaskListResponse',
  },
} as const satisfies Record<string, OperationDefinition>;

/** An operation id, derived from {@link OPERATIONS}. */
export type OperationId = keyof typeof OPERATIONS;

/** Every operation id, in document order. */
export const OPERATION_IDS = Object.keys(OPERATIONS) as OperationId[];

/** A submit operation id. */
export type SubmitOperationId = {
  [K in OperationId]: (typeof OPERATIONS)[K]['kind'] extends 'submit' ? K : never;
}[OperationId];

type ParamNames<P extends string> = P extends `${string}{${infer N}}${infer Rest}` ? N | ParamNames<Rest> : never;

/** The path parameters of an operation, by name (`{ task_id }` for getTask). */
export type PathParams<Op extends OperationId> = {
  readonly [K in ParamNames<(typeof OPERATIONS)[Op]['path']>]: string;
};

/** True for an operation id. */
export function isOperationId(value: unknown): value is OperationId {
  return typeof value === 'string' && Object.hasOwn(OPERATIONS, value);
}

/** Whether a profile offers the operation. */
export function offers(profile: ProfileId, op: OperationId): boolean {
  return (OPERATIONS[op].profiles as readonly ProfileId[]).includes(profile);
}

/** The operations a profile offers, in document order. */
export function operationsOf(profile: ProfileId): OperationId[] {
  return OPERATION_IDS.filter((op) => offers(profile, op));
}

/**
 * The path of an operation under the base path, with each parameter URL-encoded once.
 * @example pathOf('getTask', { task_id: 'a/b' }) // '/tasks/a%2Fb'
 */
export function pathOf<Op extends OperationId>(
  op: Op,
  ...[params]: [keyof PathParams<Op>] extends [never] ? [params?: PathParams<Op>] : [params: PathParams<Op>]
): string {
  const values = (params ?? {}) as Record<string, unknown>;
  return OPERATIONS[op].path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (typeof value !== 'string') throw new TypeError(`${op}: path parameter ${name} must be a string`);
    return encodeURIComponent(value);
  });
}

/** The operation that submits a model under a profile: one path for every model, or the official one per model. */
export function submitOperationOf(profile: ProfileId, model: ModelId): SubmitOperationId {
  return PROFILES[profile].submitPath === 'single' ? 'createVideoTask' : MODELS[model].officialSubmitOperation;
}

/** The submit path of a model under a profile, relative to the base path. */
export function submitPathOf(profile: ProfileId, model: ModelId): string {
  return pathOf(submitOperationOf(profile, model));
}

/** A submit operation of a profile with the models submitted there; `alias` marks an accepted official path. */
export interface SubmitRoute {
  readonly operation: SubmitOperationId;
  readonly path: string;
  readonly models: ModelId[];
  readonly alias: boolean;
}

/**
 * Every submit operation of a profile, with its path and the models submitted there: the profile's own paths,
 * then, where the profile accepts them (`officialSubmitPathAlias`), the official paths of the models it serves
 * elsewhere, as aliases.
 */
export function submitRoutes(profile: ProfileId): SubmitRoute[] {
  const routes = new Map<SubmitOperationId, ModelId[]>();
  const aliases = new Map<SubmitOperationId, ModelId[]>();
  const acceptsAlias = PROFILES[profile].officialSubmitPathAlias.value === 'accepted';
  for (const id of modelsOfProfile(profile)) {
    const op = submitOperationOf(profile, id);
    routes.set(op, [...(routes.get(op) ?? []), id]);
    const official = MODELS[id].officialSubmitOperation;
    if (acceptsAlias && official !== op && offers(profile, official))
      aliases.set(official, [...(aliases.get(official) ?? []), id]);
  }
  return [
    ...[...routes].map(([operation, models]) => ({ operation, path: pathOf(operation), models, alias: false })),
    ...[...aliases].map(([operation, models]) => ({ operation, path: pathOf(operation), models, alias: true })),
  ];
}

/** A request path matched against a profile's operations. */
export interface MatchedPath {
  /** The operations at this path template (the methods they answer make the `Allow` list). */
  readonly operations: readonly OperationId[];
  /** The decoded path parameters. */
  readonly params: Readonly<Record<string, string>>;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The operations of a profile whose path template matches `path` (relative to the base path, no query string,
 * no trailing slash), with the decoded parameters; undefined when the profile defines no such path.
 */
export function matchOperationPath(profile: ProfileId, path: string): MatchedPath | undefined {
  const segments = path.split('/');
  const operations: OperationId[] = [];
  let params: Record<string, string> = {};
  for (const { op, parts } of templatesOf(profile)) {
    if (parts.length !== segments.length) continue;
    const found: Record<string, string> = {};
    let ok = true;
    for (let i = 0; ok && i < parts.length; i++) {
      const part = parts[i]!;
      const segment = segments[i]!;
      if (part.param === undefined) ok = part.text === segment;
      else if (segment === '') ok = false;
      else found[part.param] = decodeSegment(segment);
    }
    if (!ok) continue;
    operations.push(op);
    params = found;
  }
  return operations.length > 0 ? { operations, params } : undefined;
}

interface TemplatePart {
  readonly text: string;
  /** The parameter's name, for a `{name}` segment. */
  readonly param: string | undefined;
}

// Path templates split once per profile: matching runs on every request a server answers.
const TEMPLATES = new Map<ProfileId, readonly { op: OperationId; parts: readonly TemplatePart[] }[]>();

function templatesOf(profile: ProfileId): readonly { op: OperationId; parts: readonly TemplatePart[] }[] {
  let templates = TEMPLATES.get(profile);
  if (!templates) {
    templates = operationsOf(profile).map((op) => ({
      op,
      parts: OPERATIONS[op].path.split('/').map((text) => ({
        text,
        param: text.startsWith('{') && text.endsWith('}') ? text.slice(1, -1) : undefined,
      })),
    }));
    TEMPLATES.set(profile, templates);
  }
  return templates;
}
