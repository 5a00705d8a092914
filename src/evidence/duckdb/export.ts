import { MODELS } from '../../contract/models.js';
import { TASK_TABLE_COLUMNS } from '../../contract/schemas/task-table.js';
import { formatDecimal, AMOUNT_SCALE } from '../../pricing/money.js';
import { CHARGE_SCALE, discrepancyOf, formatCny, parseCharge } from '../reconcile.js';
import type { JudgedTask } from '../report.js';
import { logTimeMs } from '../log-time.js';
import { runDuckDB, type DuckDBAnalyzeOptions, type Group, type ReadLog } from './engine.js';
import type { DuckDBConnectionLike } from './load.js';
import { keyedLines, literal } from './sql.js';

/** What the export wrote. */
export interface TaskTableExport {
  readonly tasks: number;
  readonly file: string;
}

const FEN_TO_CHARGE = 10n ** BigInt(CHARGE_SCALE - AMOUNT_SCALE);
const sql = (value: string | null | undefined) => (value === null || value === undefined ? 'NULL' : literal(value));

/** The verdict columns of a judged task (the same for every line of a group). */
function verdict(task: JudgedTask): string[] {
  const { facts, record } = task;
  let discrepancy: string | undefined;
  if (record.charged) {
    const charged = parseCharge(record.charged.amount);
    const billed = facts.bill ? BigInt(facts.bill.amountMinor) * FEN_TO_CHARGE : 0n;
    discrepancy = discrepancyOf(facts, charged, billed);
  }
  return [
    sql(facts.model),
    sql(MODELS[facts.model].status),
    sql(record.profile),
    sql(facts.resolution),
    sql(facts.outcome),
    String(facts.outcome !== 'rejected'),
    sql(facts.code),
    String(facts.requestValid),
    String(facts.violations.length),
    `[${facts.violations.map((v) => literal(v.kind)).join(', ')}]::VARCHAR[]`,
    String(facts.resultUrl),
    facts.bill ? `${literal(facts.bill.seconds)}::DECIMAL(38,10)` : 'NULL',
    facts.bill ? `${literal(formatDecimal(BigInt(facts.bill.amountMinor), AMOUNT_SCALE))}::DECIMAL(18,2)` : 'NULL',
    sql(discrepancy),
  ];
}

const VERDICT_COLUMNS = [
  'model VARCHAR',
  'model_status VARCHAR',
  'profile VARCHAR',
  'tier VARCHAR',
  'outcome VARCHAR',
  'accepted BOOLEAN',
  'code VARCHAR',
  'request_valid BOOLEAN',
  'violations INTEGER',
  'violation_kinds VARCHAR[]',
  'result_url BOOLEAN',
  'seconds_billed DECIMAL(38,10)',
  'billed_cny DECIMAL(18,2)',
  'discrepancy VARCHAR',
];

/** A row of a task read one by one (merged), every column from the package. */
function exactRow(log: ReadLog, task: JudgedTask): string {
  const { record, facts } = task;
  const submitted = logTimeMs(record.observed.submitted_at);
  const finished = logTimeMs(record.observed.finished_at);
  const terminal = record.final !== undefined && ['succeeded', 'failed', 'canceled', 'unknown'].includes(facts.outcome);
  const ttr = terminal && submitted !== undefined && finished !== undefined ? String(finished - submitted) : 'NULL';
  const charged = record.charged ? `${literal(formatCny(parseCharge(record.charged.amount)))}::DECIMAL(38,7)` : 'NULL';
  const [model, status, profile, tier, ...rest] = verdict(task);
  return `(${[sql(log.name), String(task.line), sql(record.target), sql(record.task_id), model, status, profile, tier, ...rest.slice(0, 9), charged, rest[9], sql(record.observed.submitted_at), sql(record.observed.finished_at), ttr].join(', ')})`;
}

/**
 * `wan-contract evidence export --parquet OUT`: reads the logs as {@link analyzeLogsWithDuckDB} does and writes the
 * normalized task table ({@link TASK_TABLE_COLUMNS}), one row per task, to a Parquet file. Groups of equal lines
 * get their verdict once, joined in SQL to each line's own ids, times and charge.
 */
export async function exportTaskTable(
  inputs: readonly string[],
  out: string,
  options: DuckDBAnalyzeOptions = {},
): Promise<TaskTableExport> {
  const groups: string[] = [];
  const exact: string[] = [];
  const sink = {
    group(log: ReadLog, group: Group, task: JudgedTask) {
      groups.push(
        `(${[sql(log.name ?? ''), literal(group.k), group.hour === null ? 'NULL' : String(group.hour), ...verdict(task)].join(', ')})`,
      );
    },
    exact(log: ReadLog, task: JudgedTask) {
      exact.push(exactRow(log, task));
    },
  };
  let tasks = 0;
  await runDuckDB(inputs, { ...options, listLimit: options.listLimit ?? 1 }, sink, async (conn, logs) => {
    tasks = await write(conn, logs, groups, exact, out);
  });
  return { tasks, file: out };
}

async function insert(conn: DuckDBConnectionLike, table: string, rows: readonly string[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await conn.run(`INSERT INTO ${table} VALUES ${rows.slice(i, i + 500).join(', ')}`);
}

async function write(
  conn: DuckDBConnectionLike,
  logs: readonly ReadLog[],
  groups: readonly string[],
  exact: readonly string[],
  out: string,
): Promise<number> {
  const columns = TASK_TABLE_COLUMNS.map((c) => `${c.name} ${c.sql}`).join(', ');
  await conn.run(`CREATE OR REPLACE TEMP TABLE wan_tasks (${columns})`);
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE wan_verdicts (log VARCHAR, k VARCHAR, hour BIGINT, ${VERDICT_COLUMNS.join(', ')})`,
  );
  await insert(conn, 'wan_verdicts', groups);
  await insert(conn, 'wan_tasks', exact);
  for (const log of logs) {
    await conn.run('CREATE OR REPLACE TEMP TABLE wan_exact (n BIGINT)');
    await insert(
      conn,
      'wan_exact',
      log.exact.map((l) => `(${l.n})`),
    );
    // Each grouped line of a task: its own ids, times and charge, its group's verdict.
    await conn.run(`INSERT INTO wan_tasks SELECT ${sql(log.name)}, l.n, l.target::JSON->>'$', l.task_id::JSON->>'$',
      v.model, v.model_status, v.profile, v.tier, v.outcome, v.accepted, v.code, v.request_valid, v.violations, v.violation_kinds,
      v.result_url, v.seconds_billed, v.billed_cny, TRY_CAST(l.charged::JSON->>'amount' AS DECIMAL(38,7)), v.discrepancy,
      l.submitted::JSON->>'$', l.finished::JSON->>'$', CASE WHEN v.outcome IN ('succeeded', 'failed', 'canceled', 'unknown') THEN l.ms END
      FROM (${keyedLines(log.source)}) l JOIN wan_verdicts v ON v.log = ${literal(log.name ?? '')} AND v.k = l.k AND v.hour IS NOT DISTINCT FROM l.hour
      WHERE l.n NOT IN (SELECT n FROM wan_exact)`);
  }
  await conn.run(`COPY (SELECT * FROM wan_tasks ORDER BY file NULLS FIRST, line) TO ${literal(out)} (FORMAT parquet)`);
  const count = (await conn.runAndReadAll('SELECT count(*) AS n FROM wan_tasks')).getRowObjectsJson()[0]!;
  return Number(count.n);
}
