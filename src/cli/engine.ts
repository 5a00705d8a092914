import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { PARALLEL_MIN_BYTES } from '../evidence/index.js';
import { DuckDBMissingError, duckdbAvailable } from '../evidence/duckdb/load.js';
import { CliError, err, parseCount } from './output.js';

/*
 * How `evidence` and `coverage` read task logs: the default engine (the package's own reader, no dependency) or
 * DuckDB (`@duckdb/node-api`, an optional peer dependency). The flags, the choice and the messages are the same for
 * both commands.
 */

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

/** Adds `--engine`, `--threads` and `--memory-limit` to a command that reads task logs. */
export function engineOptions(command: Command): Command {
  return command
    .option('--engine <engine>', `how the logs are read: ${ENGINE_HELP} (default: default)`)
    .option('--threads <n>', 'threads that read the logs (default: one per CPU, up to 4, from 64 MiB; DuckDB: its own)')
    .option('--memory-limit <amount>', 'memory DuckDB may use before it spills to disk, e.g. 1GB (--engine duckdb)');
}

/** Whether only DuckDB reads an input: compressed, Parquet, a glob or a directory. */
export async function needsDuckDB(log: string): Promise<boolean> {
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

/** What reads the logs, and how. */
export interface EngineChoice {
  readonly engine: 'default' | 'duckdb';
  readonly threads?: number;
  readonly memoryLimit?: string;
}

/** What the default engine reads, for its refusal of other inputs. */
const DEFAULT_READS = { withStdin: 'plain JSONL files and standard input', files: 'plain JSONL files' } as const;

/**
 * Which engine reads the logs of a command (`name`, for the note on stderr): `--engine auto` picks DuckDB when it is
 * installed and the input is large or not plain JSONL. Usage errors (exit 2) for bad flags, for input the default
 * engine cannot read, and for DuckDB asked for but not installed (saying how to install it).
 */
export async function chooseEngine(
  name: string,
  logs: readonly string[],
  flags: EngineFlags,
  reads: keyof typeof DEFAULT_READS = 'withStdin',
): Promise<EngineChoice> {
  const threads = flags.threads === undefined ? undefined : parseCount('--threads', flags.threads, 1);
  const memoryLimit = memoryLimitOf(flags.memoryLimit);
  const engine = engineOf(flags.engine);
  const bounds = {
    ...(threads === undefined ? {} : { threads }),
    ...(memoryLimit === undefined ? {} : { memoryLimit }),
  };
  const special = (await Promise.all(logs.map(needsDuckDB))).some(Boolean);
  if (engine === 'default') {
    if (special)
      throw new CliError(
        `the default engine reads ${DEFAULT_READS[reads]}, received ${logs.join(' ')}`,
        2,
        'give --engine duckdb (or auto) to read .jsonl.gz, Parquet, globs or directories of rotated logs',
      );
    if (memoryLimit !== undefined)
      throw new CliError('--memory-limit bounds DuckDB: give it with --engine duckdb or auto', 2);
    return { engine: 'default', ...bounds };
  }
  if (engine === 'duckdb') return { engine: 'duckdb', ...bounds };
  const size = (await Promise.all(logs.map(sizeOf))).reduce((a, b) => a + b, 0);
  const large = special || size >= PARALLEL_MIN_BYTES;
  if (large && (await duckdbAvailable())) {
    err(
      `${name}: --engine auto reads with DuckDB (${special ? 'not plain JSONL' : `${Math.round(size / 1048576)} MiB`})`,
    );
    return { engine: 'duckdb', ...bounds };
  }
  if (special)
    throw missing(
      new DuckDBMissingError(
        'reading .jsonl.gz, Parquet, globs or directories needs the optional peer dependency @duckdb/node-api, which is not installed',
      ),
    );
  return { engine: 'default', ...bounds };
}

function missing(error: DuckDBMissingError): CliError {
  return new CliError(error.message, 2, error.hint);
}

/**
 * What the DuckDB engine threw, as the command reports it: DuckDB not installed is a usage error saying how to
 * install it (exit 2); DuckDB unable to read a log is an error with code EIO and the logs as its path.
 */
export function duckdbError(error: unknown, logs: readonly string[]): unknown {
  if (error instanceof DuckDBMissingError) return missing(error);
  const message = error instanceof Error ? error.message : String(error);
  if (/^(IO Error|Invalid Input Error)/.test(message))
    return Object.assign(new Error(message), { code: 'EIO', path: `${logs.join(' ')} (${message.split('\n')[0]})` });
  return error;
}
