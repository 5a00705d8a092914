import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PARALLEL_MIN_BYTES, analyzeLogs, type AnalyzeOptions, type EvidenceReport } from '../../evidence/index.js';
import { DuckDBMissingError, duckdbAvailable } from '../../evidence/duckdb/load.js';
import { CliError, err, parseCount } from '../output.js';

/** The flags that choose how logs are read. */
export interface EngineFlags {
  engine?: string;
  threads?: string;
  memoryLimit?: string;
}

const ENGINES = ['default', 'duckdb', 'auto'] as const;
type Engine = (typeof ENGINES)[number];

/** Help text of `--engine`. */
export const ENGINE_HELP =
  'default (the package reads plain JSONL, no dependency), duckdb (DuckDB reads JSONL, .jsonl.gz, Parquet, globs and directories; needs @duckdb/node-api) or auto (DuckDB when installed and the input is large or not plain JSONL)';

/** Whether only DuckDB reads an input: compressed, Parquet, a glob or a directory. */
async function needsDuckDB(log: string): Promise<boolean> {
  if (log === '-') return false;
  if (/[*?[]/.test(log) || /\.gz$|\.parquet$/i.test(log)) return true;
  try {
    return (await stat(log)).isDirectory();
  } catch {
    return false;
  }
}

async function sizeOf(log: string): Promise<number> {
  try {
    return (await stat(log)).size;
  } catch {
    return 0;
  }
}

function engineOf(text: string | undefined): Engine {
  const engine = text ?? 'default';
  if (!(ENGINES as readonly string[]).includes(engine))
    throw new CliError(
      `--engine must be one of ${ENGINES.join(', ')}, received ${JSON.stringify(engine)}`,
      2,
      'for example: --engine duckdb',
    );
  return engine as Engine;
}

function memoryLimitOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(text.trim()))
    throw new CliError(
      `--memory-limit must be an amount of memory such as 512MB or 2GB, received ${JSON.stringify(text)}`,
      2,
      'for example: --memory-limit 1GB',
    );
  return text.trim();
}

/** Which engine reads the logs: `--engine auto` picks DuckDB when it is installed and the input calls for it. */
async function chooseEngine(logs: readonly string[], flags: EngineFlags): Promise<'default' | 'duckdb'> {
  const engine = engineOf(flags.engine);
  const special = (await Promise.all(logs.map(needsDuckDB))).some(Boolean);
  if (engine === 'default') {
    if (special)
      throw new CliError(
        `the default engine reads plain JSONL files and standard input, received ${logs.join(' ')}`,
        2,
        'give --engine duckdb (or auto) to read .jsonl.gz, Parquet, globs or directories of rotated logs',
      );
    if (flags.memoryLimit !== undefined)
      throw new CliError('--memory-limit bounds DuckDB: give it with --engine duckdb or auto', 2);
    return 'default';
  }
  if (engine === 'duckdb') return 'duckdb';
  const size = (await Promise.all(logs.map(sizeOf))).reduce((a, b) => a + b, 0);
  const large = special || size >= PARALLEL_MIN_BYTES;
  if (large && (await duckdbAvailable())) {
    err(
      `evidence: --engine auto reads with DuckDB (${special ? 'not plain JSONL' : `${Math.round(size / 1048576)} MiB`})`,
    );
    return 'duckdb';
  }
  if (special)
    throw new DuckDBMissingError(
      'reading .jsonl.gz, Parquet, globs or directories needs the optional peer dependency @duckdb/node-api, which is not installed',
    );
  return 'default';
}

/**
 * Reads the logs with the engine the flags ask for and returns the report (the same report whichever engine).
 * Standard input (`-`) is copied to a temporary file for DuckDB.
 */
export async function readEvidence(
  logs: readonly string[],
  flags: EngineFlags,
  options: Omit<AnalyzeOptions, 'threads' | 'names'>,
): Promise<EvidenceReport> {
  const threads = flags.threads === undefined ? undefined : parseCount('--threads', flags.threads, 1);
  const memoryLimit = memoryLimitOf(flags.memoryLimit);
  let engine: 'default' | 'duckdb';
  try {
    engine = await chooseEngine(logs, flags);
  } catch (error) {
    if (error instanceof DuckDBMissingError) throw new CliError(error.message, 2, error.hint);
    throw error;
  }
  if (engine === 'default')
    return analyzeLogs(
      logs.map((l) => (l === '-' || l === '/dev/stdin' ? process.stdin : l)),
      { ...options, names: logs, ...(threads === undefined ? {} : { threads }) },
    );
  const { analyzeLogsWithDuckDB } = await import('../../evidence/duckdb/engine.js');
  let spool: string | undefined;
  try {
    const files: string[] = [];
    for (const log of logs) {
      if (log !== '-' && log !== '/dev/stdin') files.push(log);
      else {
        spool = await mkdtemp(join(tmpdir(), 'wan-evidence-'));
        const copy = join(spool, 'stdin.jsonl');
        await pipeline(process.stdin, createWriteStream(copy));
        files.push(copy);
      }
    }
    return await analyzeLogsWithDuckDB(files, {
      ...options,
      names: logs,
      ...(threads === undefined ? {} : { threads }),
      ...(memoryLimit === undefined ? {} : { memoryLimit }),
    });
  } catch (error) {
    if (error instanceof DuckDBMissingError) throw new CliError(error.message, 2, error.hint);
    const message = error instanceof Error ? error.message : String(error);
    if (/^(IO Error|Invalid Input Error)/.test(message))
      throw Object.assign(new Error(message), { code: 'EIO', path: `${logs.join(' ')} (${message.split('\n')[0]})` });
    throw error;
  } finally {
    if (spool) await rm(spool, { recursive: true, force: true });
  }
}

/** Writes the report as one offline HTML page, Chart.js embedded (`evidence --html FILE`). */
export async function writeHtml(file: string, report: EvidenceReport, title: string): Promise<void> {
  const { evidenceHtml } = await import('../../evidence/html.js');
  const entry = createRequire(import.meta.url).resolve('chart.js');
  const library = await readFile(join(dirname(entry), 'chart.umd.min.js'), 'utf8');
  try {
    await writeFile(file, evidenceHtml(report, library, title));
  } catch (error) {
    throw new CliError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 3);
  }
}
