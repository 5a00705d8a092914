import { appendFileSync, closeSync, openSync, writeFileSync } from 'node:fs';
import { errorJUnit, toJUnit } from '../../conformance/report/junit.js';
import type { ConformanceReport } from '../../conformance/report/report.js';
import { redactText } from '../../client/redact.js';
import { CliError } from '../output.js';

/** The report files `conform` was asked for. */
export interface OutputPaths {
  readonly json?: string | undefined;
  readonly junit?: string | undefined;
  readonly evidence?: string | undefined;
}

/** The opened outputs: an evidence appender for the run, then one call that writes the reports. */
export interface Outputs {
  /** Appends one line to the evidence file; a failure is kept and named by `write`, never thrown into the run. */
  readonly evidence: ((line: string) => void) | undefined;
  /** Writes the JSON and JUnit reports; returns one message per file that could not be written. */
  readonly write: (report: ConformanceReport, secrets: readonly string[]) => string[];
  /** Writes what can be written when the run produced no report; returns the files that failed. */
  readonly writeFailed: (message: string) => string[];
}

const reason = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

/**
 * Opens every output before the run, so a typo in a path is a usage error (exit 2) before the first billable
 * request rather than a lost result after it. The JSON and JUnit files are truncated now: a stale file from an
 * earlier run can never be read as this run's result.
 */
export function openOutputs(paths: OutputPaths): Outputs {
  const flags = [
    ['--json', paths.json, 'w'],
    ['--junit', paths.junit, 'w'],
    ['--evidence', paths.evidence, 'a'],
  ] as const;
  for (const [flag, file, mode] of flags) {
    if (file === undefined) continue;
    try {
      closeSync(openSync(file, mode));
    } catch (error) {
      throw new CliError(
        `${flag}: cannot write ${file}: ${reason(error)}`,
        2,
        'give a path in an existing, writable directory; nothing was sent',
      );
    }
  }
  let evidenceError: string | undefined;
  const evidence =
    paths.evidence === undefined
      ? undefined
      : (line: string) => {
          if (evidenceError) return;
          try {
            appendFileSync(paths.evidence as string, line);
          } catch (error) {
            evidenceError = `--evidence: cannot append to ${paths.evidence}: ${reason(error)}`;
          }
        };
  const attempt = (flag: string, file: string | undefined, text: () => string): string[] => {
    if (file === undefined) return [];
    try {
      writeFileSync(file, text());
      return [];
    } catch (error) {
      return [`${flag}: cannot write ${file}: ${reason(error)}`];
    }
  };
  return {
    evidence,
    write: (report, secrets) => [
      ...attempt('--json', paths.json, () => `${redactText(JSON.stringify(report, null, 2), secrets)}\n`),
      ...attempt('--junit', paths.junit, () => redactText(toJUnit(report), secrets)),
      ...(evidenceError ? [evidenceError] : []),
    ],
    writeFailed: (message) => [
      ...attempt('--json', paths.json, () => `${JSON.stringify({ error: message }, null, 2)}\n`),
      ...attempt('--junit', paths.junit, () => errorJUnit(message)),
    ],
  };
}
