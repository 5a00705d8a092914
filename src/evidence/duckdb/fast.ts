/**
 * The DuckDB engine's fast read of plain JSONL logs: DuckDB's JSON reader parses each line once into a narrow row
 * (see rows.ts) while a pass of this process indexes the same file's lines (see line-index.ts); then DuckDB groups
 * the rows, and the lines judged one by one (and the one line of each group the rules judge) are read again from
 * the file by their number. Any log it cannot read so (compressed, carriage returns, a count that does not add up)
 * is left to the line reader: `readFast` answers undefined.
 */

import { taskKey } from '../merge.js';
import { parseLogLine } from '../record.js';
import type { Group, Line, ReadLog } from './read-log.js';
import { LineMap, indexLines, readLines, type LineIndex } from './line-index.js';
import type { DuckDBConnectionLike } from './load.js';
import { rowsTable } from './rows.js';
import { literal } from './sql.js';

/** One log read by DuckDB's JSON reader, with its line index. */
interface Rows {
  readonly file: string;
  readonly name: string | undefined;
  readonly table: string;
  readonly index: LineIndex;
  readonly map: LineMap;
  /** Lines judged one by one, by number: their time to result. */
  readonly exact: Map<number, number | null>;
}

const rows = async (conn: DuckDBConnectionLike, sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJson();
const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** Reads one log into its table while indexing its lines; undefined when the line reader must read it. */
async function readRows(
  conn: DuckDBConnectionLike,
  file: string,
  name: string | undefined,
  i: number,
): Promise<Rows | undefined> {
  const table = `wan_rows_${i}`;
  const reading = conn.run(rowsTable(file, table)).then(
    () => true,
    () => false,
  );
  const index = indexLines(file);
  if (!(await reading) || !index.plain) return undefined;
  const [count] = await rows(conn, `SELECT count(*) AS n FROM ${table}`);
  if (Number(count!.n) + index.skipped.length !== index.lines) return undefined;
  const map = new LineMap(index.skipped);
  await insert(
    conn,
    `wan_flag_${i}`,
    'r BIGINT',
    index.flagged.map((n) => String(map.rowOf(n) - 1)),
  );
  return { file, name, table, index, map, exact: new Map() };
}

async function insert(conn: DuckDBConnectionLike, table: string, columns: string, values: readonly string[]) {
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${table} (${columns})`);
  for (let i = 0; i < values.length; i += 1000)
    await conn.run(
      `INSERT INTO ${table} VALUES ${values
        .slice(i, i + 1000)
        .map((v) => `(${v})`)
        .join(', ')}`,
    );
}

/** The lines of a log's rows that `where` selects, with their time to result. */
async function linesWhere(conn: DuckDBConnectionLike, log: Rows, where: string): Promise<Map<number, number | null>> {
  const found = await rows(conn, `SELECT rowid AS r, ms FROM ${log.table} WHERE ${where}`);
  return new Map(found.map((row) => [log.map.lineOf(Number(row.r) + 1), num(row.ms)]));
}

/** The task a line tells of (record or fragment, target and task id strings), as the collector keys it. */
function taskOf(text: string): string | undefined {
  const parsed = parseLogLine(text);
  const line = parsed.kind === 'record' ? parsed.record : parsed.kind === 'fragment' ? parsed.fragment : undefined;
  if (line?.task_id === undefined) return undefined;
  return taskKey(line.target, line.task_id);
}

/**
 * The lines each log judges one by one: its own (unreadable, flagged, fragments, …) and every line of a task that
 * waits for every log (with a fragment, or told of by more than one line). Answers the keys of those tasks.
 */
async function holdBack(conn: DuckDBConnectionLike, logs: readonly Rows[]): Promise<Set<string>> {
  const own = (i: number) => `x OR rowid IN (SELECT r FROM wan_flag_${i})`;
  const keys = new Set<string>();
  const hashes: string[] = [];
  for (const [i, log] of logs.entries()) {
    for (const [n, ms] of await linesWhere(conn, log, own(i))) log.exact.set(n, ms);
    // Fragments DuckDB could not read are found by the package's reader.
    for (const [n, text] of readLines(log.file, log.index, log.exact.keys())) {
      if (!text.includes('"fragment"')) continue;
      const parsed = parseLogLine(n === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      if (parsed.kind !== 'fragment') continue;
      keys.add(taskKey(parsed.fragment.target, parsed.fragment.task_id));
      hashes.push(
        `hash(${literal(JSON.stringify(parsed.fragment.target))}, ${literal(JSON.stringify(parsed.fragment.task_id))})`,
      );
    }
  }
  await insert(conn, 'wan_held', 'h UBIGINT', hashes);
  const all = logs.map((log) => `SELECT t, fr FROM ${log.table}`).join(' UNION ALL ');
  await conn.run(
    `INSERT INTO wan_held SELECT t FROM (${all}) WHERE t IS NOT NULL GROUP BY t HAVING count(*) > 1 OR bool_or(fr)`,
  );
  for (const [i, log] of logs.entries()) {
    const held = await linesWhere(conn, log, `t IN (SELECT h FROM wan_held)`);
    for (const [n, ms] of held) log.exact.set(n, ms);
    for (const [n, text] of readLines(log.file, log.index, held.keys())) {
      const key = taskOf(n === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      if (key !== undefined) keys.add(key);
    }
    await insert(
      conn,
      `wan_exact_${i}`,
      'r BIGINT',
      [...log.exact.keys()].map((n) => String(log.map.rowOf(n) - 1)),
    );
  }
  return keys;
}

/** The groups of a log's other rows: one line of each read, to be judged and weighed. */
async function groupsOf(conn: DuckDBConnectionLike, log: Rows, i: number): Promise<Group[]> {
  const found = await rows(
    conn,
    `SELECT h::VARCHAR AS k, hour, count(*) AS weight, min(rowid) AS r, arg_min(ms, rowid) AS ms,
  list_filter(map_entries(histogram(ms)), e -> e.key IS NOT NULL) AS times
FROM ${log.table} WHERE rowid NOT IN (SELECT r FROM wan_exact_${i}) GROUP BY h, hour`,
  );
  const firsts = found.map((row) => log.map.lineOf(Number(row.r) + 1));
  const texts = readLines(log.file, log.index, firsts);
  return found.map((row, at) => {
    const times = new Map<number, number>();
    for (const e of (row.times ?? []) as { key: unknown; value: unknown }[]) times.set(Number(e.key), Number(e.value));
    const n = firsts[at]!;
    return {
      k: String(row.k),
      hour: num(row.hour),
      weight: Number(row.weight),
      lines: [{ n, line: texts.get(n)!, ms: num(row.ms) }],
      times,
    };
  });
}

/** A SQL list of the groups' (key hash, hour) pairs, NULL hour as a number no hour is. */
const NO_HOUR = '-9223372036854775807';
const pairs = (groups: readonly Group[]) =>
  groups.map((g) => `(${g.k}::UBIGINT, ${g.hour === null ? NO_HOUR : g.hour}::BIGINT)`).join(', ');

/** Fills the lines of listed groups (see `ReadLog.fill`): `limit` lines of each list, or every line with `all`. */
async function fill(
  conn: DuckDBConnectionLike,
  log: Rows,
  i: number,
  lists: readonly (readonly Group[])[],
  limit: number,
  all: boolean,
): Promise<void> {
  const queries = lists
    .filter((groups) => groups.length > 0)
    .map(
      (groups) => `(SELECT rowid AS r, ms, h, hour FROM ${log.table}
  WHERE (h, coalesce(hour, ${NO_HOUR})) IN (${pairs(groups)}) AND rowid NOT IN (SELECT r FROM wan_exact_${i})
  ORDER BY rowid ${all ? '' : `LIMIT ${limit}`})`,
    );
  const found = await rows(
    conn,
    `SELECT DISTINCT r, ms, h::VARCHAR AS k, hour FROM (${queries.join(' UNION ALL ')}) ORDER BY r`,
  );
  const lines = found.map((row) => ({ n: log.map.lineOf(Number(row.r) + 1), row }));
  const texts = readLines(
    log.file,
    log.index,
    lines.map((l) => l.n),
  );
  const groups = lists.flat();
  const byKey = new Map(groups.map((g) => [`${g.k}\u0000${g.hour}`, g]));
  for (const g of groups) g.lines.length = 0;
  for (const { n, row } of lines)
    byKey.get(`${String(row.k)}\u0000${num(row.hour)}`)?.lines.push({ n, line: texts.get(n)!, ms: num(row.ms) });
}

/** The lines a log judges one by one, in order, with their text. */
function exactLines(log: Rows): Line[] {
  const texts = readLines(log.file, log.index, log.exact.keys());
  for (const n of log.index.skipped) log.exact.set(n, null);
  const skipped = readLines(log.file, log.index, log.index.skipped);
  return [...log.exact].map(([n, ms]) => ({ n, line: texts.get(n) ?? skipped.get(n)!, ms })).sort((a, b) => a.n - b.n);
}

/**
 * Reads plain JSONL logs the fast way (see the file's comment): each as a {@link ReadLog} whose groups hold one
 * line (`fill` reads more), and the keys of the tasks that wait for every log. Undefined when a log is not plain.
 */
export async function readFast(
  conn: DuckDBConnectionLike,
  files: readonly { file: string; name: string | undefined }[],
  limit: number,
): Promise<{ logs: ReadLog[]; keys: Set<string> } | undefined> {
  const read: Rows[] = [];
  for (const [i, { file, name }] of files.entries()) {
    const log = await readRows(conn, file, name, i);
    if (!log) return undefined;
    read.push(log);
  }
  const keys = await holdBack(conn, read);
  const logs: ReadLog[] = [];
  for (const [i, log] of read.entries()) {
    const groups = await groupsOf(conn, log, i);
    logs.push({
      name: log.name,
      source: '',
      total: log.index.lines,
      groups,
      exact: exactLines(log),
      fill: (some, all) => fill(conn, log, i, some, limit, all),
    });
  }
  return { logs, keys };
}
