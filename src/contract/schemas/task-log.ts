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

/**
 * One task as a gateway or the conformance runner saw it: one JSON object per line of a task log (JSONL).
 * Production logs and `wan-contract conform --evidence FILE` write this format; `wan-contract evidence` reads it.
 */
export const TaskLogRecord = Type.Object(
  {
    log_version: Type.Literal(1, { description: 'Format version of this record.' }),
    source: Type.Union([Type.Literal('production'), Type.Literal('conformance')], {
      description: 'What produced the record.',
    }),
    target: Type.String({
      minLength: 1,
      description: 'The provider or target the task ran on: official, ApiPass, Kie, a base URL, …',
    }),
    profile: Type.Union([Type.Literal('crazyrouter'), Type.Literal('dashscope')], {
      description: 'The contract profile the exchange follows.',
    }),
    model: Type.String({ minLength: 1, description: 'The model id of the request.' }),
    request: Type.Unknown({ description: 'The submit request body as sent.' }),
    submit: HttpExchange,
    final: Type.Optional(HttpExchange),
    task_id: Type.Optional(
      Type.String({ minLength: 1, description: 'The task id the submit answer gave, when it gave one.' }),
    ),
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
