import { open } from 'node:fs/promises';
import type { Command } from 'commander';
import { coverageLines } from '../../coverage/render.js';
import { coverageOfLogs, type LogCoverage } from '../../evidence/coverage-log.js';
import { coverageOfReport } from '../../conformance/report/coverage.js';
import {
  checkCoverage,
  CoverageThresholdError,
  parseCoverageThreshold,
  shortfallMessage,
  type CoverageThreshold,
} from '../../coverage/gate.js';
import type { Coverage } from '../../coverage/coverage.js';
import { MatrixInputError, asConformanceReport } from '../../conformance/report/matrix.js';
import {
  chooseEngine,
  duckdbError,
  engineOptions,
  needsDuckDB,
  type EngineChoice,
  type EngineFlags,
} from '../engine.js';
import { CliError, err, out, outJson, readTextFile } from '../output.js';

const HINT =
  'give a report written by `wan-contract conform --json FILE`, or task logs (JSONL) written by `conform --evidence FILE` or `wan-contract proxy --evidence FILE`';

/** Collects a repeatable flag's values. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Reads every `--min-coverage` value, or throws a usage error naming the bad one. */
export function parseMinCoverage(values: readonly string[]): CoverageThreshold[] {
  try {
    return values.map(parseCoverageThreshold);
  } catch (error) {
    if (error instanceof CoverageThresholdError)
      throw new CliError(error.message, 2, 'for example: --min-coverage 90 --min-coverage models=100');
    throw error;
  }
}

/** The shortfalls of coverages against thresholds, as messages (empty: every coverage passes). */
export function gateMessages(coverages: readonly Coverage[], thresholds: readonly CoverageThreshold[]): string[] {
  return coverages.flatMap((c) => checkCoverage(c, thresholds).map(shortfallMessage));
}

/** The coverage table of a conform run's closing note, with the thresholds it is held to. */
export function coverageNote(coverage: Coverage, thresholds: readonly CoverageThreshold[]): string[] {
  const held = thresholds.map((t) => `${t.scope === 'overall' ? '' : `${t.scope}=`}${t.tenths / 10}%`);
  return [...coverageLines(coverage), ...(held.length > 0 ? [`--min-coverage ${held.join(', ')}`] : [])];
}

/** How a file begins: its first line (up to 64 KiB), to tell a report from a log without reading a big log whole. */
async function firstLine(file: string): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 2, HINT);
  }
  try {
    const buffer = Buffer.alloc(1 << 16);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.toString('utf8', 0, bytesRead).replace(/^\uFEFF/, '');
    const end = text.indexOf('\n');
    return end >= 0 ? text.slice(0, end) : text;
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 2, HINT);
  } finally {
    await handle.close();
  }
}

function isLogLine(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && 'log_version' in value;
  } catch {
    return false;
  }
}

const shown = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);

/** Reads a conformance report, or says what the file holds instead. */
async function readReport(file: string, head: string): Promise<Coverage> {
  if (!head.trimStart().startsWith('{'))
    throw new CliError(
      `${file} is neither a conformance report nor a task log: expected a JSON object or JSONL records with log_version 1, received ${head.trim() === '' ? 'an empty first line' : shown(head)}`,
      2,
      HINT,
    );
  const text = await readTextFile(file, 2, HINT);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `${file} is neither a conformance report nor a task log: not JSON (${(error as Error).message}), and its first line is no task log record`,
      2,
      HINT,
    );
  }
  const failed = (value as { error?: unknown }).error;
  if (typeof failed === 'string' && !('reportVersion' in (value as object)))
    throw new CliError(`${file} is the report of a run that could not be carried out: ${failed}`, 2, HINT);
  try {
    const report = asConformanceReport(value, file);
    if (!Array.isArray(report.exchanges) || typeof report.plan !== 'object' || report.plan === null)
      throw new MatrixInputError(
        `${file} is not a conformance report (wan-contract conform --json): exchanges must be an array and plan an object`,
      );
    return coverageOfReport(report);
  } catch (error) {
    if (error instanceof MatrixInputError) throw new CliError(error.message, 2, HINT);
    throw error;
  }
}

interface CoverageFlags extends EngineFlags {
  json?: boolean;
  minCoverage: string[];
  cells?: boolean;
}

/** The coverage of the logs, read by the engine chosen (the same coverage whichever engine). */
async function readLogs(logs: readonly string[], choice: EngineChoice): Promise<LogCoverage> {
  const { engine, ...bounds } = choice;
  try {
    if (engine === 'default')
      return await coverageOfLogs(logs, bounds.threads === undefined ? {} : { threads: bounds.threads });
    const { coverageOfLogsWithDuckDB } = await import('../../evidence/duckdb/coverage.js');
    return await coverageOfLogsWithDuckDB(logs, bounds).catch((error: unknown) => {
      throw duckdbError(error, logs);
    });
  } catch (error) {
    const { code, path } = error as NodeJS.ErrnoException;
    if (code) throw new CliError(`cannot read ${path ?? logs.join(' ')}: ${code}`, 2, HINT);
    throw error;
  }
}

async function coverage(files: string[], flags: CoverageFlags): Promise<void> {
  const thresholds = parseMinCoverage(flags.minCoverage);
  const reports: Coverage[] = [];
  const logs: string[] = [];
  for (const file of files) {
    // Compressed, Parquet, a glob or a directory: task logs, for DuckDB to read.
    if (await needsDuckDB(file)) {
      logs.push(file);
      continue;
    }
    const head = await firstLine(file);
    if (isLogLine(head)) logs.push(file);
    else reports.push(await readReport(file, head));
  }
  const choice = await chooseEngine('coverage', logs, flags, 'files');
  let fromLogs: LogCoverage | undefined;
  if (logs.length > 0) {
    fromLogs = await readLogs(logs, choice);
    if (fromLogs.records === 0) {
      const first = fromLogs.invalidLines.first[0];
      throw new CliError(
        `${logs.join(', ')}: no task log record could be read${first ? ` (${first.source ?? ''}:${first.line}: ${first.reason})` : ''}`,
        2,
        HINT,
      );
    }
  }
  const coverages = [...reports, ...(fromLogs?.coverages ?? [])];
  const failures = gateMessages(coverages, thresholds);
  if (flags.json) {
    outJson({
      coverages,
      ...(fromLogs ? { records: fromLogs.records, invalidLines: fromLogs.invalidLines } : {}),
      thresholds: thresholds.map((t) => ({ scope: t.scope, min: t.tenths / 10 })),
      failures,
    });
  } else {
    coverages.forEach((c, i) => {
      if (i > 0) out('');
      for (const line of coverageLines(c, { unreachable: flags.cells })) out(line);
    });
    if (fromLogs && fromLogs.invalidLines.count > 0) {
      out('');
      out(`${fromLogs.invalidLines.count} invalid lines skipped, first:`);
      for (const l of fromLogs.invalidLines.first.slice(0, 5)) out(`  ${l.source ?? ''}:${l.line}: ${l.reason}`);
    }
  }
  for (const message of failures) err(`below --min-coverage: ${message}`);
  if (failures.length > 0) process.exitCode = 1;
}

/** `wan-contract coverage`: what a conformance report or task logs covered of the contract, with a gate. */
export function registerCoverage(program: Command): void {
  const command = program
    .command('coverage')
    .description(
      'what a conformance report or task logs covered of the contract: answers, task statuses, model × tier, usage fields, result locations',
    )
    .argument(
      '<inputs...>',
      'a conform --json report, or task logs (conform --evidence, proxy --evidence JSONL; with --engine duckdb also .jsonl.gz, Parquet with a line column, globs and directories)',
    )
    .option(
      '--min-coverage <percent>',
      'exit 1 below this coverage: N overall, or AXIS=N for answers, statuses, models, usage or locations (repeatable)',
      collect,
      [],
    )
    .option('--cells', 'also list, per axis, the cells the plan could not reach')
    .option('--json', 'print the coverage as JSON');
  engineOptions(command)
    .addHelpText(
      'after',
      [
        '',
        'Coverage is reached / contract cells. The gate compares the reached cells with its base: for a report, the',
        'cells the same level and tiers reach with every case and model (narrowing --models lowers it); for a log,',
        'every cell of the contract. See "Coverage" in conformance/CONFORMANCE.md.',
        '',
        'Task logs are read by the package (--engine default) or by DuckDB (--engine duckdb, or auto for large logs and',
        'for .jsonl.gz, Parquet, globs and directories; needs @duckdb/node-api): the coverage is the same.',
        '',
        'Exit codes: 0 written, every threshold met · 1 below a --min-coverage threshold (the missing cells are named)',
        '· 2 usage error, or a file that is neither a report nor a task log',
        '',
        'Examples:',
        '  $ wan-contract conform --level may --json r.json && wan-contract coverage r.json --min-coverage 90',
        '  $ wan-contract coverage tasks.jsonl --json',
        '  $ wan-contract coverage a.json b.json --cells',
        "  $ wan-contract coverage --engine duckdb --threads 2 --memory-limit 1GB 'logs/2026-12-*.jsonl.gz'",
      ].join('\n'),
    )
    .action(coverage);
}
