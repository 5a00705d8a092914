import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** One column of the task table: its name, its SQL type (DuckDB, Spark SQL and Trino read these) and its meaning. */
export interface TaskTableColumn {
  readonly name: string;
  readonly sql: string;
  readonly nullable: boolean;
  readonly description: string;
}

/**
 * The normalized task table `wan-contract evidence export --parquet` writes: one row per task (records of one task
 * merged, as the report counts them), the inputs of its verdict and the judged outcome, money as exact decimals.
 */
export const TASK_TABLE_COLUMNS = [
  { name: 'file', sql: 'VARCHAR', nullable: true, description: 'The log the task is in, when several were read.' },
  { name: 'line', sql: 'BIGINT', nullable: false, description: "The line of the task's record (1-based)." },
  { name: 'target', sql: 'VARCHAR', nullable: false, description: 'The provider or target the task ran on.' },
  { name: 'task_id', sql: 'VARCHAR', nullable: true, description: 'The task id the submit answer gave.' },
  { name: 'model', sql: 'VARCHAR', nullable: false, description: 'The registry model id.' },
  {
    name: 'model_status',
    sql: 'VARCHAR',
    nullable: false,
    description: 'The model in the registry: verified or beta.',
  },
  { name: 'profile', sql: 'VARCHAR', nullable: false, description: 'The contract profile: crazyrouter or dashscope.' },
  {
    name: 'tier',
    sql: 'VARCHAR',
    nullable: false,
    description: "The resolution tier asked for (the model's default when none).",
  },
  {
    name: 'outcome',
    sql: 'VARCHAR',
    nullable: false,
    description: 'rejected, succeeded, failed, canceled, unknown or unfinished.',
  },
  { name: 'accepted', sql: 'BOOLEAN', nullable: false, description: 'The submit was answered HTTP 200.' },
  {
    name: 'code',
    sql: 'VARCHAR',
    nullable: true,
    description: 'The error code of a rejected submit or of a FAILED task.',
  },
  {
    name: 'request_valid',
    sql: 'BOOLEAN',
    nullable: false,
    description: 'The request is valid for the profile and model.',
  },
  { name: 'violations', sql: 'INTEGER', nullable: false, description: 'Contract violations the task shows.' },
  { name: 'violation_kinds', sql: 'VARCHAR[]', nullable: false, description: 'Their kinds (see VIOLATION_KINDS).' },
  { name: 'result_url', sql: 'BOOLEAN', nullable: false, description: 'A SUCCEEDED task carries a video URL.' },
  { name: 'seconds_billed', sql: 'DECIMAL(38,10)', nullable: true, description: 'Seconds the price table bills.' },
  {
    name: 'billed_cny',
    sql: 'DECIMAL(18,2)',
    nullable: true,
    description: 'What the price table bills, CNY (SUCCEEDED tasks).',
  },
  {
    name: 'charged_cny',
    sql: 'DECIMAL(38,7)',
    nullable: true,
    description: 'What the gateway charged, CNY, when logged.',
  },
  {
    name: 'discrepancy',
    sql: 'VARCHAR',
    nullable: true,
    description: 'over-billed, under-billed, billed-unsuccessful or unverifiable.',
  },
  {
    name: 'submitted_at',
    sql: 'VARCHAR',
    nullable: false,
    description: 'When the submit was sent, as logged (ISO 8601).',
  },
  { name: 'finished_at', sql: 'VARCHAR', nullable: true, description: 'When the final answer arrived, as logged.' },
  {
    name: 'time_to_result_ms',
    sql: 'BIGINT',
    nullable: true,
    description: 'Submit to terminal status, ms, from the logged times.',
  },
] as const satisfies readonly TaskTableColumn[];

function typeOf(column: TaskTableColumn): TSchema {
  const options = { description: column.description };
  const base = column.sql.endsWith('[]')
    ? Type.Array(Type.String(), options)
    : column.sql === 'BOOLEAN'
      ? Type.Boolean(options)
      : /^(BIGINT|INTEGER)$/.test(column.sql)
        ? Type.Integer(options)
        : column.sql.startsWith('DECIMAL')
          ? Type.String({ ...options, pattern: '^-?\\d+(\\.\\d+)?$', 'x-sql-type': column.sql })
          : Type.String(options);
  return column.nullable ? Type.Union([base, Type.Null()]) : base;
}

/**
 * One row of the task table as JSON (decimals as exact strings), with each column's SQL type: published beside
 * {@link TaskLogRecord} so a data team can declare the table in the engine it has.
 */
export const TaskTableRow = Type.Object(
  Object.fromEntries(TASK_TABLE_COLUMNS.map((c) => [c.name, typeOf(c)])) as Record<
    (typeof TASK_TABLE_COLUMNS)[number]['name'],
    TSchema
  >,
  {
    title: 'TaskTableRow',
    description: 'One task of `wan-contract evidence export --parquet`.',
    additionalProperties: false,
  },
);
export type TaskTableRow = Static<typeof TaskTableRow>;
