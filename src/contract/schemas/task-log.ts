import { Type, type Static } from '@sinclair/typebox';

/**
 * An ISO 8601 date-time with a zone (RFC 3339), as a pattern: the package's ajv instance knows only the `uri`
 * format, and a pattern keeps the check identical in every JSON Schema tool that reads the generated spec.
 */
export const LOG_TIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$';

const LogTime = (description: string) =>
  Type.String({ pattern: LOG_TIME_PATTERN, description, examples: ['2026-11-24T03:41:02.123Z'] });

const HttpExchange = Type.Object(
  {
    http_status: Type.Integer({ minimum: 100, maximum: 599, description: 'HTTP status of the answer.' }),
    body: Type.Unknown({
      description: 'The answer body as received (JSON), checked by the contract validators when read.',
    }),
  },
  { description: 'One answer of the implementation.' },
);

const Source = Type.Union([Type.Literal('production'), Type.Literal('conformance')], {
  description: 'What produced the record.',
});
const Target = Type.String({
  minLength: 1,
  description: 'The provider or target the task ran on: official, ApiPass, Kie, a base URL, …',
});
const Profile = Type.Union([Type.Literal('crazyrouter'), Type.Literal('dashscope')], {
  description: 'The contract profile the exchange follows.',
});
const Tenant = Type.String({
  pattern: '^[0-9a-f]{16}$|^anonymous$',
  description: 'A hash of the API key the logger saw (the first 16 hex digits of its SHA-256), never the key.',
});

/** One task query as a logger saw it: when, the HTTP status, and the task status (and id) the answer gave. */
export const TaskObservation = Type.Object(
  {
    at: LogTime('When the task query was sent (ISO 8601 with a zone).'),
    http_status: Type.Integer({ minimum: 100, maximum: 599, description: 'HTTP status of the answer.' }),
    task_status: Type.Optional(
      Type.String({ minLength: 1, description: 'The `output.task_status` the answer gave, when it gave one.' }),
    ),
    task_id: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'The `output.task_id` the answer gave, written only when it differs from the task queried.',
      }),
    ),
    exchange: Type.Optional(
      Type.String({
        pattern: '^[a-z][a-z-]*$',
        description:
          "Set when the answer is no observation of the task's status (a 401, a 404, a 429, a 5xx, an HTML page, another account's query): its exchange kind, e.g. `unauthorized`, `other-tenant` (see EXCHANGE_KINDS). Such an entry never counts as a status.",
      }),
    ),
  },
  { description: 'One task query of the task and what its answer said.' },
);
export type TaskObservation = Static<typeof TaskObservation>;

const Observations = Type.Array(TaskObservation, {
  maxItems: 64,
  description:
    'Task queries in the order sent: the first, each one whose HTTP or task status differs from the one before, and the last (at most 64). Several loggers of one task are merged by time.',
});

/**
 * One task as a gateway or the conformance runner saw it: one JSON object per line of a task log (JSONL).
 * Production logs and `wan-contract conform --evidence FILE` write this format; `wan-contract evidence` reads it.
 */
export const TaskLogRecord = Type.Object(
  {
    log_version: Type.Literal(1, { description: 'Format version of this record.' }),
    source: Source,
    target: Target,
    profile: Profile,
    model: Type.String({ minLength: 1, description: 'The model id of the request.' }),
    request: Type.Unknown({ description: 'The submit request body as sent.' }),
    submit: HttpExchange,
    final: Type.Optional(HttpExchange),
    task_id: Type.Optional(
      Type.String({ minLength: 1, description: 'The task id the submit answer gave, when it gave one.' }),
    ),
    tenant: Type.Optional(Tenant),
    observations: Type.Optional(Observations),
    case_id: Type.Optional(
      Type.String({ minLength: 1, description: 'The conformance case that ran the task (conformance logs only).' }),
    ),
    observed: Type.Object(
      {
        submitted_at: LogTime('When the submit was sent (ISO 8601 with a zone).'),
        finished_at: Type.Optional(LogTime('When the final answer arrived (ISO 8601 with a zone).')),
        polls: Type.Optional(Type.Integer({ minimum: 0, description: 'How many task queries were made.' })),
        unfinished: Type.Optional(
          Type.Union([Type.Literal('shutdown'), Type.Literal('expired'), Type.Literal('evicted')], {
            description:
              'Set when the logger stopped following the task before it ended: it shut down, the task passed its retention, or the bound on followed tasks pushed it out.',
          }),
        ),
      },
      { description: 'Times and counts observed by the logger.' },
    ),
    delivered: Type.Optional(
      Type.Object(
        {
          width: Type.Integer({ minimum: 1, description: 'Width of the video track (tkhd), in pixels.' }),
          height: Type.Integer({ minimum: 1, description: 'Height of the video track (tkhd), in pixels.' }),
          duration_ms: Type.Number({
            minimum: 0,
            description: 'Length of the video (mvhd duration over its timescale), in milliseconds, not rounded.',
          }),
          frame_ms: Type.Number({
            exclusiveMinimum: 0,
            description: 'One frame of the video track (its longest stts sample delta), in milliseconds.',
          }),
          bytes_read: Type.Integer({
            minimum: 1,
            description: 'How many bytes of the video were read to find its header.',
          }),
        },
        {
          additionalProperties: false,
          description:
            "What the delivered video's MP4 header says, where the logger read it: compared with the tier and seconds billed.",
        },
      ),
    ),
    charged: Type.Optional(
      Type.Object(
        {
          amount: Type.String({
            pattern: '^\\d+(\\.\\d+)?$',
            description: 'What the gateway charged, as an exact decimal string.',
          }),
          currency: Type.Literal('CNY'),
        },
        { description: 'The amount the gateway charged for the task, where it knows it.' },
      ),
    ),
  },
  { title: 'TaskLogRecord', description: 'One line of a task log (JSONL).' },
);
export type TaskLogRecord = Static<typeof TaskLogRecord>;

/**
 * What one logger (a proxy behind a load balancer) saw of a task it did not see submitted: only some of its task
 * queries. `wan-contract evidence a.jsonl b.jsonl …` merges fragments and the record of the logger that saw the
 * submit by target and task id into one lifecycle.
 */
export const TaskLogFragment = Type.Object(
  {
    log_version: Type.Literal(1, { description: 'Format version of this record.' }),
    fragment: Type.Literal(true, { description: 'Marks a fragment: the logger did not see the submit.' }),
    source: Source,
    target: Target,
    profile: Profile,
    task_id: Type.String({ minLength: 1, description: 'The task id queried.' }),
    tenant: Type.Optional(Tenant),
    observations: Type.Array(TaskObservation, { ...Observations, minItems: 1 }),
    final: Type.Optional(
      Type.Object(
        { ...HttpExchange.properties },
        { description: 'The first answer this logger saw with a terminal task status, as received.' },
      ),
    ),
    observed: Type.Object(
      {
        first_seen_at: LogTime('When this logger first saw a query of the task.'),
        last_seen_at: LogTime('When this logger last saw a query of the task.'),
        polls: Type.Integer({ minimum: 1, description: 'How many task queries this logger saw.' }),
        unfinished: Type.Optional(
          Type.Union([Type.Literal('shutdown'), Type.Literal('expired'), Type.Literal('evicted')], {
            description: 'Set when the logger wrote the fragment before it saw a terminal status, and why.',
          }),
        ),
      },
      { description: 'Times and counts observed by this logger.' },
    ),
  },
  { title: 'TaskLogFragment', description: 'One line of a task log (JSONL): part of a task another logger submitted.' },
);
export type TaskLogFragment = Static<typeof TaskLogFragment>;
