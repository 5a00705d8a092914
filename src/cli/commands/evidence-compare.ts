import { compareLogs, type AnalyzeOptions } from '../../evidence/index.js';
import { CliError, out, outJson } from '../output.js';

/**
 * `wan-contract evidence --compare A B`: the same traffic logged twice (a proxy's log and `conform --evidence`)
 * must say the same of every task and every Beta model; prints each disagreement, exit 1 when there is one.
 */
export async function compareCommand(logs: readonly string[], json: boolean, options: AnalyzeOptions): Promise<void> {
  if (logs.length !== 2 || logs.includes('-'))
    throw new CliError(
      `--compare needs exactly two log files, received ${logs.length === 2 ? 'standard input (-)' : `${logs.length}`}`,
      2,
      'for example: wan-contract evidence --compare proxy.jsonl conform.jsonl',
    );
  const [a, b] = logs as [string, string];
  let comparison;
  try {
    comparison = await compareLogs(a, b, options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code) throw new CliError(`cannot read ${(error as NodeJS.ErrnoException).path ?? `${a} or ${b}`}: ${code}`, 3);
    throw error;
  }
  if (json) outJson(comparison);
  else {
    out(`${comparison.shared} tasks in both logs, ${comparison.onlyA} only in ${a}, ${comparison.onlyB} only in ${b}`);
    for (const d of comparison.disagreements) out(`  ${d.subject}: ${d.field}: ${a} says ${d.a}; ${b} says ${d.b}`);
    out(
      comparison.disagreements.length === 0
        ? 'no disagreement'
        : `${comparison.disagreements.length} disagreement${comparison.disagreements.length === 1 ? '' : 's'}`,
    );
  }
  process.exitCode = comparison.disagreements.length === 0 ? 0 : 1;
}
