import { Type, type Static } from '@sinclair/typebox';
import { CAPABILITY_IDS } from '../contract/capabilities.js';
import { MODEL_IDS } from '../contract/models.js';
import { PROFILE_IDS } from '../contract/profiles.js';
import { TASK_STATUSES } from '../contract/statuses.js';
import { Enum } from '../contract/schemas/common.js';
import { LEVELS } from './outcome.js';

/** Request variants a `send: { op: submit }` step can ask for; built from the registry by `requests.ts`. */
export const REQUEST_VARIANTS = [
  'valid',
  'sdk-extras',
  't2v-size',
  'unsupported-resolution',
  'unsupported-duration',
  'missing-required-input',
  'unknown-model',
  'malformed-json',
] as const;
export type RequestVariant = (typeof REQUEST_VARIANTS)[number];

/**
 * Task ids no server should answer with a 5xx: very long, non-ASCII, with slashes (sent percent-encoded) and with
 * `..` segments (sent as `..%2F..`, since a URL parser resolves a bare `..` before it is sent).
 */
export const MALFORMED_TASK_IDS = {
  'long-id': 'x'.repeat(4096),
  'non-ascii-id': 'задача-任务-🎬',
  'slash-id': 'a/b%2Fc',
  'dot-dot-id': '../../../etc/passwd',
} as const;

/** Which exchanges an `expect` step judges. */
export const EXPECT_TARGETS = ['last', 'submit', 'polls', 'final', 'repoll', 'all'] as const;

const expectFields = {
  of: Type.Optional(
    Enum(EXPECT_TARGETS, {
      description:
        'Exchanges judged: the last of this case (default), the shared task submit, its polls, its final poll, the poll after the end, or every exchange of the run.',
    }),
  ),
  status: Type.Optional(Type.Union([Type.Integer({ minimum: 100, maximum: 599 }), Enum(['2xx', '4xx', '5xx'])])),
  body: Type.Optional(Enum(['submit-response', 'task-response', 'error-body'])),
  code: Type.Optional(
    Type.String({ minLength: 1, description: '`official` (any code of the official error page) or one exact code.' }),
  ),
  taskStatus: Type.Optional(Type.Array(Enum(TASK_STATUSES), { minItems: 1 })),
  taskIdStable: Type.Optional(Type.Literal(true)),
  statusOrder: Type.Optional(Type.Literal('forward')),
  terminalStays: Type.Optional(Type.Literal(true)),
  finishedInTime: Type.Optional(Type.Literal(true)),
  videoUrl: Type.Optional(Type.Literal('profile-location')),
  video: Type.Optional(Type.Literal(true)),
  usage: Type.Optional(Enum(['matches-quote', 'reports-seconds'])),
  delivered: Type.Optional(
    Type.Literal('matches-request', {
      description:
        "The downloaded video's header (size, length) and the usage tier match the request; needs a download step.",
    }),
  ),
  json: Type.Optional(Type.Literal(true)),
  requestId: Type.Optional(Type.Literal(true)),
};

const ExpectAlternative = Type.Object(expectFields, { additionalProperties: false });

/** The checks of one `expect` step; `anyOf` passes when one alternative passes. */
export const ExpectSpec = Type.Object(
  { ...expectFields, anyOf: Type.Optional(Type.Array(ExpectAlternative, { minItems: 2 })) },
  { additionalProperties: false },
);
export type ExpectSpec = Static<typeof ExpectSpec>;

/** One request a case sends. */
export const SendSpec = Type.Object(
  {
    op: Enum(['submit', 'getTask', 'cancel', 'download']),
    request: Type.Optional(Enum(REQUEST_VARIANTS)),
    /** The run's key (default), none, a key no target accepts, or the key of another account (`--api-key-2`). */
    auth: Type.Optional(Enum(['key', 'none', 'wrong', 'other'])),
    asyncHeader: Type.Optional(Enum(['send', 'omit'])),
    /**
     * For getTask and cancel: the task this case created (default), the shared task of the run (after `use: task`),
     * an id no target knows, or a malformed one (see {@link MALFORMED_TASK_IDS}).
     */
    taskId: Type.Optional(
      Enum([
        'created',
        'shared',
        'unknown',
        ...(Object.keys(MALFORMED_TASK_IDS) as (keyof typeof MALFORMED_TASK_IDS)[]),
      ]),
    ),
  },
  { additionalProperties: false },
);
export type SendSpec = Static<typeof SendSpec>;

/** A precondition: when it does not hold the case is skipped, with the reason. */
export const RequireSpec = Type.Object(
  {
    finished: Type.Optional(Type.Literal(true)),
    taskStatus: Type.Optional(Enum(TASK_STATUSES)),
    status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
    reason: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type RequireSpec = Static<typeof RequireSpec>;

/** One declarative step: use the shared task, send a request, check, or require a precondition. */
export const Step = Type.Union([
  Type.Object({ use: Type.Literal('task') }, { additionalProperties: false }),
  Type.Object({ send: SendSpec }, { additionalProperties: false }),
  Type.Object({ expect: ExpectSpec }, { additionalProperties: false }),
  Type.Object({ require: RequireSpec }, { additionalProperties: false }),
]);
export type Step = Static<typeof Step>;

/** A conformance case, as the YAML files of `conformance/cases/` write it. */
export const CaseDefinition = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'Stable kebab-case id, never renamed.' }),
    description: Type.String({ minLength: 10, maxLength: 70, description: 'Present tense, one line, no "should".' }),
    level: Enum(LEVELS),
    profiles: Type.Array(Enum(PROFILE_IDS), { minItems: 1, uniqueItems: true }),
    /** task: once per selected model and resolution (on the shared task); model: once per model; target: once. */
    scope: Enum(['task', 'model', 'target']),
    needs: Type.Optional(
      Type.Object(
        {
          capabilities: Type.Optional(Type.Array(Enum(CAPABILITY_IDS), { minItems: 1 })),
          models: Type.Optional(Type.Array(Enum(MODEL_IDS), { minItems: 1 })),
          /** A key of a second account (`--api-key-2`); without one the case is not run. */
          otherAccount: Type.Optional(Type.Literal(true)),
        },
        { additionalProperties: false },
      ),
    ),
    ref: Type.Object(
      { operationId: Type.String({ minLength: 1 }), status: Type.String({ pattern: '^[1-5]\\d\\d$' }) },
      { additionalProperties: false },
    ),
    steps: Type.Array(Step, { minItems: 1 }),
  },
  { additionalProperties: false, title: 'ConformanceCase' },
);
export type CaseDefinition = Static<typeof CaseDefinition>;
