import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { analyzeLogs, type AnalyzeOptions, type EvidenceReport } from '../../evidence/index.js';
import { chooseEngine, duckdbError, type EngineFlags } from '../engine.js';
import { CliError } from '../output.js';

/**
 * Reads the logs with the engine the flags ask for and returns the report (the same report whichever engine).
 * Standard input (`-`) is copied to a temporary file for DuckDB.
 */
export async function readEvidence(
  logs: readonly string[],
  flags: EngineFlags,
  options: Omit<AnalyzeOptions, 'threads' | 'names'>,
): Promise<EvidenceReport> {
  const { engine, ...bounds } = await chooseEngine('evidence', logs, flags);
  if (engine === 'default')
    return analyzeLogs(
      logs.map((l) => (l === '-' || l === '/dev/stdin' ? process.stdin : l)),
      { ...options, names: logs, ...(bounds.threads === undefined ? {} : { threads: bounds.threads }) },
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
    return await analyzeLogsWithDuckDB(files, { ...options, names: logs, ...bounds });
  } catch (error) {
    throw duckdbError(error, logs);
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
