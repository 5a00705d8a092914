import type { OpenAPIV3_1 } from 'openapi-types';
import { CAPABILITIES } from '../contract/capabilities.js';
import { MODELS, modelsOf, modelsOfProfile, type ModelId } from '../contract/models.js';
import {
  OPERATIONS,
  offers,
  operationsOf,
  submitRoutes,
  type OperationId,
  type SubmitOperationId,
} from '../contract/operations.js';
import { PROFILES, requiresAsyncHeader, type ProfileId } from '../contract/profiles.js';
import { ERROR_CODES, ErrorBody } from '../contract/schemas/error.js';
import { responseSchemaOf } from '../contract/schemas/responses.js';
import { ASYNC_HEADER, submitRequestSchema } from '../contract/schemas/submit.js';
import { TaskUsage, taskOutputBranches } from '../contract/schemas/task.js';
import { statusesOf } from '../contract/statuses.js';
import { CONTRACT_VERSION } from '../contract/version.js';
import { STATUS_LABELS } from './tables.js';
import { errorExample, requestExamples, submitExample, taskExamples, taskListExample } from './examples.js';
import { taskListParameters } from '../contract/schemas/task-list.js';
import { plain, ref } from './json-schema.js';

/** The error statuses every operation documents, with the component response that carries each. */
export const ERROR_RESPONSES = {
  '400': { name: 'BadRequest', description: 'The request breaks the contract.' },
  '401': { name: 'Unauthorized', description: 'No API key, or a wrong one.' },
  '403': { name: 'Forbidden', description: 'The key may not use this model or call.' },
  '404': { name: 'NotFound', description: 'Unknown model, workspace or route.' },
  '429': { name: 'TooManyRequests', description: 'Rate or quota limit reached; retry later.' },
  '500': { name: 'InternalError', description: 'The service failed; retry later.' },
} as const;

/** The component name of a model's request schema. */
export function requestComponent(model: ModelId): string {
  return `SubmitRequest.${model}`;
}

const TASK_OUTPUT_COMPONENT = (status: string) => `TaskOutput${status[0]}${status.slice(1).toLowerCase()}`;

function errorResponses(): OpenAPIV3_1.ResponsesObject {
  return Object.fromEntries(
    Object.entries(ERROR_RESPONSES).map(([status, r]) => [status, { $ref: `#/components/responses/${r.name}` }]),
  );
}

function modelList(models: readonly ModelId[]): string {
  return models
    .map((m) => `\`${m}\` (${CAPABILITIES[MODELS[m].capability].label}${MODELS[m].status === 'beta' ? ', Beta' : ''})`)
    .join(', ');
}

// The path parameters of the contract, as components (every template parameter must have one).
const PATH_PARAMETERS: Record<string, string> = { task_id: 'TaskId' };

function parametersOf(
  op: OperationId,
  profile: ProfileId,
): (OpenAPIV3_1.ReferenceObject | OpenAPIV3_1.ParameterObject)[] {
  const names = [...OPERATIONS[op].path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const query =
    OPERATIONS[op].kind === 'list'
      ? taskListParameters(profile).map((p) => ({
          name: p.name,
          in: 'query',
          required: false,
          description: p.description,
          schema: plain(p.schema),
        }))
      : [];
  return [
    ...(OPERATIONS[op].asyncHeader ? [{ $ref: '#/components/parameters/AsyncHeader' }] : []),
    ...names.map((name) => {
      const component = PATH_PARAMETERS[name];
      if (!component) throw new Error(`${op}: path parameter ${name} has no component`);
      return { $ref: `#/components/parameters/${component}` };
    }),
    ...query,
  ];
}

function okResponse(profile: ProfileId, op: OperationId): OpenAPIV3_1.ResponseObject {
  const name = OPERATIONS[op].response;
  const examples: Record<typeof name, Record<string, OpenAPIV3_1.ExampleObject>> = {
    SubmitResponse: { created: { summary: 'Created', value: submitExample } },
    TaskResponse: taskExamples(profile),
    CancelResponse: { canceled: { summary: 'Canceled', value: { request_id: submitExample.request_id } } },
    TaskListResponse: { tasks: taskListExample() },
  };
  const descriptions: Record<typeof name, string> = {
    SubmitResponse: `The task was created${requiresAsyncHeader(profile) ? '' : ' (with or without the async header)'}.`,
    TaskResponse: 'The task in its current status.',
    CancelResponse: 'The task was canceled.',
    TaskListResponse: 'A page of the account’s tasks, newest first.',
  };
  return {
    description: descriptions[name],
    content: { 'application/json': { schema: ref(name), examples: examples[name] } },
  };
}

function submitOperation(
  profile: ProfileId,
  op: SubmitOperationId,
  models: ModelId[],
  alias: boolean,
): OpenAPIV3_1.OperationObject {
  return {
    operationId: op,
    summary:
      models.length === modelsOfProfile(profile).length
        ? OPERATIONS[op].summary
        : `${OPERATIONS[op].summary} (${[...new Set(models.map((m) => CAPABILITIES[MODELS[m].capability].label))].join(', ')})`,
    description: `Submits an asynchronous video-synthesis task for ${modelList(models)}. Poll \`GET ${OPERATIONS.getTask.path}\` until the task ends.${alias ? ` The official path of these models, accepted as an alias of \`${OPERATIONS.createVideoTask.path}\` so that the official SDKs, which send them here, work unchanged.` : ''}`,
    tags: ['Tasks'],
    parameters: parametersOf(op, profile),
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: {
            oneOf: models.map((m) => ref(requestComponent(m))),
            discriminator: {
              propertyName: 'model',
              mapping: Object.fromEntries(models.map((m) => [m, ref(requestComponent(m)).$ref])),
            },
          },
          examples: requestExamples(profile, models),
        },
      },
    },
    responses: { '200': okResponse(profile, op), ...errorResponses() },
  };
}

function plainOperation(profile: ProfileId, op: OperationId): OpenAPIV3_1.OperationObject {
  return {
    operationId: op,
    summary: OPERATIONS[op].summary,
    description: OPERATIONS[op].description,
    tags: ['Tasks'],
    parameters: parametersOf(op, profile),
    responses: { '200': okResponse(profile, op), ...errorResponses() },
  };
}

function schemas(profile: ProfileId): Record<string, Record<string, unknown>> {
  const branches = taskOutputBranches(profile);
  const response = plain(responseSchemaOf('getTask', profile)) as { properties: Record<string, unknown> };
  response.properties.output = ref('TaskOutput');
  response.properties.usage = ref('TaskUsage');
  return {
    ...Object.fromEntries(
      modelsOfProfile(profile).map((m) => [requestComponent(m), plain(submitRequestSchema(m, profile))]),
    ),
    SubmitResponse: plain(responseSchemaOf('createVideoTask', profile)),
    TaskResponse: response,
    TaskOutput: {
      title: 'TaskOutput',
      description: 'The task, discriminated by `task_status`.',
      oneOf: statusesOf(profile).map((s) => ref(TASK_OUTPUT_COMPONENT(s))),
      discriminator: {
        propertyName: 'task_status',
        mapping: Object.fromEntries(statusesOf(profile).map((s) => [s, ref(TASK_OUTPUT_COMPONENT(s)).$ref])),
      },
    },
    ...Object.fromEntries(statusesOf(profile).map((s) => [TASK_OUTPUT_COMPONENT(s), plain(branches[s])])),
    TaskUsage: plain(TaskUsage),
    ...(offers(profile, 'cancelTask') ? { CancelResponse: plain(responseSchemaOf('cancelTask', profile)) } : {}),
    ...(offers(profile, 'listTasks') ? { TaskListResponse: plain(responseSchemaOf('listTasks', profile)) } : {}),
    ErrorBody: plain(ErrorBody),
  };
}

function description(profile: ProfileId): string {
  const p = PROFILES[profile];
  const rows = modelsOfProfile(profile).map(
    (m) => `| \`${m}\` | ${CAPABILITIES[MODELS[m].capability].label} | ${STATUS_LABELS[MODELS[m].status]} |`,
  );
  return [
    p.description,
    '',
    `Submit with \`POST ${p.basePath}{submit path}\` and poll \`GET ${p.basePath}${OPERATIONS.getTask.path}\` until \`output.task_status\` is terminal; read the video URL${p.subjectReferenceResult === 'output.video_url' ? ' at `output.video_url` for every model' : ` at \`output.video_url\` (\`output.results.video_url\` for ${modelsOf('subject-reference').join(', ')})`}. Task ids and video URLs are valid for 24 hours.`,
    '',
    '| Model | Capability | State |',
    '| --- | --- | --- |',
    ...rows,
    '',
    'Billing: the price per second of the resolution times the seconds of output; only SUCCEEDED tasks are billed. Generated by `wan-contract spec` from the package `wan-video-contract` — do not edit.',
  ].join('\n');
}

/** The OpenAPI 3.1 document of a profile, built from the registry and the TypeBox schemas. */
export function buildOpenApiDocument(profile: ProfileId): OpenAPIV3_1.Document {
  const p = PROFILES[profile];
  const paths: Record<string, Record<string, OpenAPIV3_1.OperationObject>> = {};
  const submits = new Map(submitRoutes(profile).map((r) => [r.operation as OperationId, r]));
  for (const op of operationsOf(profile)) {
    const route = submits.get(op);
    // A submit operation no model of the profile is submitted at is left out of its document.
    if (OPERATIONS[op].kind === 'submit' && !route) continue;
    const built = route
      ? submitOperation(profile, op as SubmitOperationId, route.models, route.alias)
      : plainOperation(profile, op);
    const method = OPERATIONS[op].method.toLowerCase();
    paths[OPERATIONS[op].path] = { ...paths[OPERATIONS[op].path], [method]: built };
  }
  const errorCodes = (status: string) =>
    (ERROR_CODES as Record<string, readonly string[]>)[status]!.map((c) => `\`${c}\``).join(', ');
  return {
    openapi: '3.1.0',
    info: {
      title: p.title,
      version: CONTRACT_VERSION,
      description: description(profile),
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: p.servers.map((s) => ({ ...s })),
    security: [{ bearerAuth: [] }],
    tags: [{ name: 'Tasks', description: 'Submit video-synthesis tasks and query them until they end.' }],
    paths: paths as OpenAPIV3_1.PathsObject,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: '`Authorization: Bearer <API key>`.' },
      },
      parameters: {
        AsyncHeader: {
          name: ASYNC_HEADER.name,
          in: 'header',
          required: requiresAsyncHeader(profile),
          description: requiresAsyncHeader(profile)
            ? 'Required: the official service only accepts asynchronous calls.'
            : 'Optional: accepted with or without it, since the official SDKs always send it.',
          schema: { type: 'string', enum: [ASYNC_HEADER.value] },
        },
        TaskId: {
          name: 'task_id',
          in: 'path',
          required: true,
          description: 'The id the submit answered.',
          schema: { type: 'string', minLength: 1 },
        },
      },
      schemas: schemas(profile) as Record<string, OpenAPIV3_1.SchemaObject>,
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([status, r]) => [
          r.name,
          {
            description: `${r.description} Codes: ${errorCodes(status)}.`,
            content: {
              'application/json': {
                schema: ref('ErrorBody'),
                examples: {
                  [errorExample(status).code]: { summary: errorExample(status).code, value: errorExample(status) },
                },
              },
            },
          },
        ]),
      ),
    },
  };
}
