import type { Command } from 'commander';
import { DuckDBMissingError } from '../../evidence/duckdb/load.js';
import { CliError, err, parseCount } from '../output.js';

interface ExportFlags {
  parquet?: string;
  threads?: string;
  memoryLimit?: string;
}

/** `wan-contract evidence export --parquet OUT <logs...>`: the normalized task table, for the data lake. */
export function registerEvidenceExport(evidence: Command): void {
  evidence
    .command('export')
    .description('write the normalized task table (one row per task: verdict inputs, outcome, exact money) as Parquet')
    .argument('<logs...>', 'task logs: JSONL, .jsonl.gz, Parquet with a line column, globs or directories')
    .requiredOption('--parquet <file>', 'the Parquet file to write')
    .option('--threads <n>', "DuckDB's threads")
    .option('--memory-limit <amount>', 'memory DuckDB may use before it spills to disk, e.g. 1GB')
    .addHelpText(
      'after',
      [
        '',
        'The columns and their SQL types are TASK_TABLE_COLUMNS (wan-video-contract/schemas), beside TaskLogRecord;',
        'docs/task-table.md computes the Beta and billing figures of `evidence` from this table in SQL. Needs the',
        'optional peer dependency @duckdb/node-api.',
        '',
        'Exit codes: 0 written · 2 usage error, or DuckDB not installed · 3 a log cannot be read',
        '',
        'Example:',
        "  $ wan-contract evidence export --parquet tasks.parquet 'logs/2026-12-*.jsonl.gz'",
      ].join('\n'),
    )
    .action(async (logs: string[], flags: ExportFlags) => {
      const threads = flags.threads === undefined ? undefined : parseCount('--threads', flags.threads, 1);
      const { exportTaskTable } = await import('../../evidence/duckdb/export.js');
      try {
        const written = await exportTaskTable(logs, flags.parquet!, {
          ...(threads === undefined ? {} : { threads }),
          ...(flags.memoryLimit === undefined ? {} : { memoryLimit: flags.memoryLimit }),
        });
        err(`wrote ${written.tasks} tasks to ${written.file}`);
      } catch (error) {
        if (error instanceof DuckDBMissingError) throw new CliError(error.message, 2, error.hint);
        const code = (error as NodeJS.ErrnoException).code;
        const message = error instanceof Error ? error.message : String(error);
        if (code || /^(IO Error|Invalid Input Error)/.test(message))
          throw new CliError(`cannot read ${logs.join(' ')}: ${message.split('\n')[0]}`, 3);
        throw error;
      }
    });
}
