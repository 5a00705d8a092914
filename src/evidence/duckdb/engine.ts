import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnalyzeOptions } from '../analyze.js';
import { EvidenceCollector } from '../collector.js';
import { taskKey } from '../merge.js';
import { parseLogLine } from '../record.js';
import type { CollectorState, EvidenceOptions, EvidenceReport, JudgedTask } from '../report.js';
import { DEFAULT_LIST_LIMIT } from '../collector.js';
import { loadDuckDB, type DuckDBConnectionLike, type DuckDBInstanceLike } from './load.js';
import { MACROS, duplicateTasks, groupsOf, isParquet, linesOf, linesOfKeys, linesOfTasks, literal } from './sql.js';
import { weighState } from './weigh.js';
import { readFast } from './fast.js';
import type { Group, Line, ReadLog } from './read-log.js';

/** Options of {@link analyzeLogsWithDuckDB}. */
export interface DuckDBAnalyzeOptions extends Omit<AnalyzeOptions, 'threads'> {
  /** DuckDB's threads (default: DuckDB's, one per CPU). */
  readonly threads?: number;
  /** DuckDB's memory limit, as DuckDB reads it (`512MB`, `2GB`); beyond it DuckDB spills to a temporary directory. */
  readonly memoryLimit?: string;
}

export type { Group, Line, ReadLog };

const GLOB = /[*?[]/;

/** The files a log argument names: a file, a directory (its .jsonl, .jsonl.gz and .parquet files) or a glob. */
export async function filesOf(conn: DuckDBConnectionLike, input: string): Promise<string[]> {
  let pattern = input;
  if (!GLOB.test(input)) {
    const info = await stat(input);
    if (!info.isDirectory()) return [input];
    pattern = join(input, '*');
  }
  const rows = await conn.runAndReadAll(`SELECT file FROM glob(${literal(pattern)}) ORDER BY file`);
  const files = rows
    .getRowObjectsJson()
    .map((r) => String(r.file))
    .filter((f) => GLOB.test(input) || /\.(jsonl|ndjson|log)(\.gz)?$|\.parquet$/i.test(f));
  if (files.length === 0) throw Object.assign(new Error(`no file matches ${input}`), { code: 'ENOENT', path: input });
  return files;
}

/** DuckDB's CSV reader met a carriage return where it expected none. */
function isCarriageReturn(error: unknown): boolean {
  return error instanceof Error && error.message.includes('state machine reached an invalid state');
}

function lineOf(row: Record<string, unknown>): Line {
  return {
    n: Number(row.n),
    line: row.line === null || row.line === undefined ? null : String(row.line),
    ms: row.ms === null || row.ms === undefined ? null : Number(row.ms),
  };
}

/** The text the default reader hands the collector: no trailing CR, no byte-order mark on line 1. */
export function textOf(line: Line): string {
  let text = line.line ?? '';
  if (text.endsWith('\r')) text = text.slice(0, -1);
  if (line.n === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

/**
 * Runs a query over the lines of one log file (`query` is given the SQL of its lines, see `linesOf`): a Parquet log
 * needs a `line` column; a log whose lines end in CRLF is read again as such.
 */
export async function queryLines(
  conn: DuckDBConnectionLike,
  file: string,
  query: (lines: string) => string,
): Promise<{ source: string; rows: Record<string, unknown>[] }> {
  const columns = isParquet(file)
    ? (await conn.runAndReadAll(`SELECT name FROM parquet_schema(${literal(file)})`))
        .getRowObjectsJson()
        .map((r) => String(r.name))
    : undefined;
  if (columns && !columns.includes('line'))
    throw new TypeError(
      `${file}: a Parquet log needs a VARCHAR column "line" holding one JSONL line per row, found columns ${columns.join(', ')}`,
    );
  let source = linesOf(file, columns);
  let rows: Record<string, unknown>[];
  try {
    rows = (await conn.runAndReadAll(query(source))).getRowObjectsJson();
  } catch (error) {
    if (!isCarriageReturn(error)) throw error;
    source = linesOf(file, columns, true);
    try {
      rows = (await conn.runAndReadAll(query(source))).getRowObjectsJson();
    } catch (again) {
      if (!isCarriageReturn(again)) throw again;
      throw new TypeError(
        `${file} has carriage returns DuckDB cannot split as the default engine does (lines that end in CRLF and lines that do not, or a CR inside a line): read it with --engine default`,
      );
    }
  }
  return { source, rows };
}

async function readLog(
  conn: DuckDBConnectionLike,
  file: string,
  name: string | undefined,
  first: number,
): Promise<ReadLog> {
  const { source, rows } = await queryLines(conn, file, (lines) => groupsOf(lines, first));
  const groups: Group[] = [];
  const exact: Line[] = [];
  let total = 0;
  for (const row of rows) {
    const weight = Number(row.weight);
    total += weight;
    const lines = (row.lines as Record<string, unknown>[]).map(lineOf);
    const k = String(row.k);
    if (k.startsWith('B')) {
      exact.push(...lines);
      continue;
    }
    const times = new Map<number, number>();
    for (const e of (row.times ?? []) as { key: unknown; value: unknown }[]) times.set(Number(e.key), Number(e.value));
    groups.push({ k, hour: row.hour === null ? null : Number(row.hour), weight, lines, times });
  }
  return { name, source, total, groups, exact };
}

/**
 * The tasks whose records wait for every log (see `heldTaskKeysOf`): those with a fragment, and those more than one
 * line tells of. Their grouped lines leave their groups, to be read one by one.
 */
async function holdBack(conn: DuckDBConnectionLike, logs: readonly ReadLog[]): Promise<Set<string>> {
  const keys = fragmentKeys(logs);
  const duplicates = (await conn.runAndReadAll(duplicateTasks(logs.map((l) => l.source)))).getRowObjectsJson();
  for (const row of duplicates)
    keys.add(taskKey(JSON.parse(String(row.target)) as string, JSON.parse(String(row.task_id)) as string));
  if (keys.size === 0) return keys;
  await conn.run('CREATE OR REPLACE TEMP TABLE wan_held (h UBIGINT)');
  const fragments = [...fragmentKeys(logs)].map((key) => {
    const [target, taskId] = key.split('\n') as [string, string];
    return `(hash(${literal(JSON.stringify(target))}, ${literal(JSON.stringify(taskId))}))`;
  });
  const hashes = [...duplicates.map((row) => `(${String(row.h)}::UBIGINT)`), ...fragments];
  for (let i = 0; i < hashes.length; i += 1000)
    await conn.run(`INSERT INTO wan_held VALUES ${hashes.slice(i, i + 1000).join(', ')}`);
  for (const log of logs) await withdraw(conn, log);
  return keys;
}

/** Takes the grouped lines of held tasks out of their groups, to be read one by one. */
async function withdraw(conn: DuckDBConnectionLike, log: ReadLog): Promise<void> {
  const rows = (await conn.runAndReadAll(linesOfTasks(log.source, 'wan_held'))).getRowObjectsJson();
  for (const row of rows) {
    const line = lineOf(row);
    const group = log.groups.find((g) => g.k === row.k && g.hour === (row.hour === null ? null : Number(row.hour)));
    if (!group) continue;
    group.weight -= 1;
    const at = group.lines.findIndex((l) => l.n === line.n);
    if (at >= 0) group.lines.splice(at, 1);
    if (line.ms !== null) group.times.set(line.ms, (group.times.get(line.ms) ?? 0) - 1);
    log.exact.push(line);
  }
}

/** Every line of the given groups (when every listed item is asked for). */
async function allLinesOf(conn: DuckDBConnectionLike, log: ReadLog, groups: readonly Group[]): Promise<void> {
  await conn.run('CREATE OR REPLACE TEMP TABLE wan_keys (k VARCHAR)');
  const keys = [...new Set(groups.map((g) => g.k))];
  for (let i = 0; i < keys.length; i += 1000)
    await conn.run(
      `INSERT INTO wan_keys VALUES ${keys
        .slice(i, i + 1000)
        .map((k) => `(${literal(k)})`)
        .join(', ')}`,
    );
  const rows = (await conn.runAndReadAll(linesOfKeys(log.source, 'wan_keys'))).getRowObjectsJson();
  const byKey = new Map(groups.map((g) => [`${g.k}\u0000${g.hour}`, g]));
  // Lines already read one by one (of tasks with fragments) stay out of their groups.
  const exact = new Set(log.exact.map((l) => l.n));
  for (const g of groups) g.lines.length = 0;
  for (const row of rows) {
    const line = lineOf(row);
    if (exact.has(line.n)) continue;
    byKey.get(`${String(row.k)}\u0000${row.hour === null ? null : Number(row.hour)}`)?.lines.push(line);
  }
}

/** Judges each group's first line with the package's collector; the groups whose lines a report lists. */
function judge(log: ReadLog, options: EvidenceOptions, sink?: TaskSink): Map<Group, EvidenceCollector> {
  const judged = new Map<Group, EvidenceCollector>();
  for (const group of log.groups) {
    if (group.weight === 0) continue;
    const scratch = new EvidenceCollector(
      sink ? { ...options, onTask: (task) => sink.group(log, group, task) } : options,
    );
    const rep = group.lines[0]!;
    scratch.addLine(textOf(rep), rep.n);
    judged.set(group, scratch);
  }
  return judged;
}

/** The judged groups of each list a report has: invalid lines, violations, billing discrepancies. */
function listsOf(judged: ReadonlyMap<Group, EvidenceCollector>): Group[][] {
  const lists: Group[][] = [[], [], []];
  for (const [group, scratch] of judged) {
    const state = scratch.state();
    if (state.invalidCount > 0) lists[0]!.push(group);
    if (state.violationCount > 0) lists[1]!.push(group);
    if (state.billing.count > 0) lists[2]!.push(group);
  }
  return lists;
}

function listed(state: CollectorState): boolean {
  return state.invalidCount > 0 || state.violationCount > 0 || state.billing.count > 0;
}

/** Reads one log into a collector: groups weighed, listed and one-by-one lines read in order. */
async function collect(
  conn: DuckDBConnectionLike,
  log: ReadLog,
  options: EvidenceOptions,
  everyItem: boolean,
  sink?: TaskSink,
): Promise<EvidenceCollector> {
  // A group whose first lines all merged with fragments reads its lines again.
  const emptied = log.groups.filter((g) => g.weight > 0 && g.lines.length === 0);
  if (emptied.length > 0) await allLinesOf(conn, log, emptied);
  const judged = judge(log, options, sink);
  const problems = [...judged].filter(([, scratch]) => listed(scratch.state())).map(([g]) => g);
  if (problems.length > 0 && log.fill) await log.fill(listsOf(judged), everyItem);
  else if (everyItem && problems.length > 0) await allLinesOf(conn, log, problems);
  const exact = new Set(log.exact.map((l) => l.n));
  const collector = new EvidenceCollector(
    sink ? { ...options, onTask: (task) => (exact.has(task.line) ? sink.exact(log, task) : undefined) } : options,
  );
  const fed = new Set(problems);
  const lines = [...log.exact, ...problems.flatMap((g) => g.lines)].sort((a, b) => a.n - b.n);
  for (const line of lines) collector.addLine(textOf(line), line.n);
  for (const [group, scratch] of judged) {
    const histogram = new Map(group.times);
    let weight = group.weight;
    if (fed.has(group)) {
      weight -= group.lines.length;
      for (const line of group.lines) if (line.ms !== null) histogram.set(line.ms, (histogram.get(line.ms) ?? 0) - 1);
    }
    if (weight > 0) collector.merge(weighState(scratch.state(), weight, scratch.lastTiming(), histogram), true);
  }
  const read = collector.state().lines;
  if (log.total > read) collector.merge(emptyState(log.total - read), true);
  return collector;
}

function emptyState(lines: number): CollectorState {
  return { ...weighState(new EvidenceCollector().state(), 0, undefined, new Map()), lines };
}

/** Where the export sends each judged task: of a group (one verdict for its lines) or read one by one. */
export interface TaskSink {
  group(log: ReadLog, group: Group, task: JudgedTask): void;
  exact(log: ReadLog, task: JudgedTask): void;
}

/**
 * Reads task logs through DuckDB (JSONL, .jsonl.gz, globs and directories of rotated files, Parquet with a `line`
 * column) and reports exactly what {@link analyzeLogs} reports: DuckDB reads, parses and groups equal lines; the
 * package's rules judge one line of each group, weighed by its count; lines a report lists are read back one by
 * one. Plain JSONL logs are parsed once by DuckDB's JSON reader into the fields the rules read (see fast.ts).
 * Needs the optional peer dependency `@duckdb/node-api` (rejects with a `DuckDBMissingError` without it).
 * @example const report = await analyzeLogsWithDuckDB(['logs/2026-12-*.jsonl.gz'], { threads: 2 });
 */
export async function analyzeLogsWithDuckDB(
  inputs: readonly string[],
  options: DuckDBAnalyzeOptions = {},
): Promise<EvidenceReport> {
  return runDuckDB(inputs, options);
}

/**
 * Reads the logs: plain JSONL the fast way when every log is one (see fast.ts), else each by the line reader.
 * Answers the logs and the keys of the tasks that wait for every log.
 */
async function readAll(
  conn: DuckDBConnectionLike,
  files: readonly { file: string; name: string }[],
  first: number,
  fast: boolean,
): Promise<{ logs: ReadLog[]; keys: Set<string> }> {
  const named = files.map(({ file, name }) => ({ file, name: files.length > 1 ? name : undefined }));
  if (fast && files.every(({ file }) => !isParquet(file) && !/\.(gz|zst)$/i.test(file))) {
    const read = await readFast(conn, named, first);
    if (read) return read;
  }
  const logs: ReadLog[] = [];
  for (const { file, name } of named) logs.push(await readLog(conn, file, name, first));
  return { logs, keys: await holdBack(conn, logs) };
}

/** An in-memory DuckDB with the threads and memory limit asked for, and a connection with the macros defined. */
export async function connect(
  options: Pick<DuckDBAnalyzeOptions, 'threads' | 'memoryLimit'>,
): Promise<{ instance: DuckDBInstanceLike; conn: DuckDBConnectionLike }> {
  const duckdb = await loadDuckDB();
  const config: Record<string, string> = {};
  if (options.threads !== undefined) config.threads = String(options.threads);
  if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
  const instance = await duckdb.DuckDBInstance.create(':memory:', config);
  const conn = await instance.connect();
  for (const macro of MACROS) await conn.run(macro);
  return { instance, conn };
}

/** {@link analyzeLogsWithDuckDB}, with a sink of judged tasks and a last step on the open connection. */
export async function runDuckDB(
  inputs: readonly string[],
  options: DuckDBAnalyzeOptions,
  sink?: TaskSink,
  after?: (conn: DuckDBConnectionLike, logs: readonly ReadLog[]) => Promise<void>,
): Promise<EvidenceReport> {
  if (inputs.length === 0) throw new TypeError('analyzeLogsWithDuckDB needs at least one log');
  const { instance, conn } = await connect(options);
  try {
    const { threads: _t, memoryLimit: _m, names, ...rest } = options;
    const limit = rest.listLimit === undefined ? DEFAULT_LIST_LIMIT : rest.listLimit;
    const files: { file: string; name: string }[] = [];
    for (const [i, input] of inputs.entries())
      for (const file of await filesOf(conn, input))
        files.push({ file, name: GLOB.test(input) ? file : (names?.[i] ?? input) });
    // The export joins its verdicts to the lines' SQL of the line reader: it reads every log so.
    const { logs, keys } = await readAll(conn, files, limit === 0 ? 1 : limit, after === undefined);
    const base: EvidenceOptions = { ...rest, fragmentKeys: keys };
    let report: EvidenceReport;
    if (logs.length === 1) report = (await collect(conn, logs[0]!, base, limit === 0, sink)).report();
    else {
      // Tasks merged across logs are judged when the total settles: the sink hears of them there.
      const total = new EvidenceCollector(
        sink
          ? {
              ...base,
              onTask: (task) => {
                const log = logs.find((l) => l.name === task.file);
                if (log) sink.exact(log, task);
              },
            }
          : base,
      );
      for (const log of logs)
        total.merge((await collect(conn, log, { ...base, file: log.name! }, limit === 0, sink)).state(), true);
      report = total.report();
    }
    // A log with no line at all is no task log: named apart, as the default engine does.
    const emptyLogs = logs.flatMap((log, i) => (log.total === 0 ? [log.name ?? files[i]!.name] : []));
    if (emptyLogs.length > 0) report = { ...report, emptyLogs };
    if (after) await after(conn, logs);
    return report;
  } finally {
    conn.closeSync?.();
    instance.closeSync?.();
  }
}

/** The tasks some log has a fragment of, from the lines judged one by one (fragments are among them). */
function fragmentKeys(logs: readonly ReadLog[]): Set<string> {
  const keys = new Set<string>();
  for (const log of logs)
    for (const line of log.exact) {
      if (!line.line?.includes('"fragment"')) continue;
      const parsed = parseLogLine(textOf(line));
      if (parsed.kind === 'fragment') keys.add(taskKey(parsed.fragment.target, parsed.fragment.task_id));
    }
  return keys;
}
