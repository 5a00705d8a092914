import { CoverageLogCollector, INVALID_LIST_LIMIT, type CoverageLogState, type LogCoverage } from '../coverage-log.js';
import { connect, filesOf, queryLines, textOf } from './engine.js';
import type { DuckDBConnectionLike } from './load.js';
import { keyedLines } from './sql.js';

/**
 * Options of {@link coverageOfLogsWithDuckDB}: DuckDB's threads and memory limit. (Written out, not picked from the
 * evidence engine's options: the coverage's declarations then need no Node.js types, as `coverageOfLogs`'s.)
 */
export interface DuckDBCoverageOptions {
  /** DuckDB's threads (default: DuckDB's, one per CPU). */
  readonly threads?: number;
  /** DuckDB's memory limit, as DuckDB reads it (`512MB`, `2GB`); beyond it DuckDB spills to a temporary directory. */
  readonly memoryLimit?: string;
}

/**
 * What a coverage tally reads of a record beyond the fields the evidence key reads (see `keyedLines`): the fields
 * of a submit answer's `usage` and where a SUCCEEDED submit answer puts a video URL.
 */
const SUBMIT_EXTRA = `concat_ws(chr(30),
  coalesce(json_type(line, '$.submit.body.usage'), 'MISSING'),
  CASE WHEN json_type(line, '$.submit.body.usage') = 'OBJECT' THEN array_to_string(json_keys(line, '$.submit.body.usage'), chr(31)) END,
  coalesce(json_type(line, '$.submit.body.output.video_url'), 'MISSING'),
  coalesce(json_type(line, '$.submit.body.output.results.video_url'), 'MISSING'))`;

/**
 * Groups of lines a coverage tally counts alike: the evidence key (which tells records, fragments, invalid and blank
 * lines apart as the package's parser does, and keeps every field an answer's cells come from), the submit fields
 * only coverage reads; each group's weight and its first `first` lines (n, line) in order.
 */
function coverageGroups(lines: string, first: number): string {
  return `SELECT k, count(*) AS weight, min_by({'n': n, 'line': line}, n, ${first}) AS lines FROM (
  SELECT n, line, CASE WHEN starts_with(k, 'A') THEN k || chr(30) || ${SUBMIT_EXTRA} ELSE k END AS k
  FROM (${keyedLines(lines)})) GROUP BY k`;
}

/** A line DuckDB handed back, with how many lines of the log it stands for. */
interface Fed {
  readonly n: number;
  readonly text: string;
  readonly weight: number;
}

/**
 * Reads one log file: DuckDB groups its lines, the package's coverage collector reads the first lines of each group
 * in log order (so invalid lines are listed as the default engine lists them, and each target and profile comes
 * in the order it first appears), the first of them standing for the group's lines not handed back.
 */
async function readLog(conn: DuckDBConnectionLike, file: string): Promise<CoverageLogState> {
  const { rows } = await queryLines(conn, file, (lines) => coverageGroups(lines, INVALID_LIST_LIMIT));
  const fed: Fed[] = [];
  for (const row of rows) {
    const lines = row.lines as { n: unknown; line: unknown }[];
    const rest = Number(row.weight) - lines.length;
    lines.forEach((l, i) => {
      const n = Number(l.n);
      const text = textOf({ n, line: l.line === null || l.line === undefined ? null : String(l.line), ms: null });
      fed.push({ n, text, weight: i === 0 ? rest + 1 : 1 });
    });
  }
  fed.sort((a, b) => a.n - b.n);
  const collector = new CoverageLogCollector();
  for (const line of fed) collector.addLine(line.text, line.n, line.weight);
  return collector.state();
}

/**
 * `coverageOfLogs` read through DuckDB: JSONL, .jsonl.gz, globs and directories of rotated files, Parquet with
 * a `line` column. DuckDB reads and groups the lines; the package's coverage collector judges them, so the coverage
 * equals the default reader's. A file a glob or a directory names is the `source` of its invalid lines. Needs the
 * optional peer dependency `@duckdb/node-api` (rejects with a `DuckDBMissingError` without it).
 * @example const { coverages } = await coverageOfLogsWithDuckDB(['logs/2026-12-*.jsonl.gz'], { threads: 2 });
 */
export async function coverageOfLogsWithDuckDB(
  inputs: readonly string[],
  options: DuckDBCoverageOptions = {},
): Promise<LogCoverage> {
  if (inputs.length === 0) throw new TypeError('coverageOfLogsWithDuckDB needs at least one log');
  const { instance, conn } = await connect(options);
  try {
    const all = new CoverageLogCollector();
    for (const input of inputs)
      for (const file of await filesOf(conn, input))
        all.merge(await readLog(conn, file), file === input ? input : file);
    return all.coverage();
  } finally {
    conn.closeSync?.();
    instance.closeSync?.();
  }
}
