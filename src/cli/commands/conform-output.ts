import type { CaseResult, ConformanceReport, Outcome, RunEvent } from '../../conformance.js';
import { MODEL_IDS } from '../../contract/models.js';
import { palette } from '../output.js';

type Colors = ReturnType<typeof palette>;

const CELL: Record<Outcome, string> = { pass: 'ok', fail: 'FAIL', skip: '-', error: 'ERR', timeout: 'TIME' };

function paint(colors: Colors, outcome: Outcome, text: string): string {
  if (outcome === 'pass') return colors.green(text);
  if (outcome === 'fail' || outcome === 'timeout') return colors.red(text);
  if (outcome === 'error') return colors.yellow(text);
  return colors.dim(text);
}

/** Live progress on a terminal: one status line, rewritten in place (stderr). */
export function progressPrinter(
  stream: NodeJS.WriteStream,
  colors: Colors,
  now: () => number = Date.now,
): { onEvent: (e: RunEvent) => void; stop: () => void } {
  const start = now();
  const tasks = new Map<string, string>();
  let cases = 0;
  let total = 0;
  let last = 0;
  const draw = (force = false) => {
    const t = now();
    if (!force && t - last < 80) return;
    last = t;
    const phases = [...tasks.values()];
    const count = (p: string) => phases.filter((x) => x === p).length;
    const line = `${colors.dim(`[${((t - start) / 1000).toFixed(1)}s]`)} tasks: ${count('submitted')} submitted, ${count('polled')} polling, ${count('done')} done · cases ${cases}/${total}`;
    stream.write(`\r\u001b[2K${line}`);
  };
  return {
    onEvent: (e) => {
      if (e.type === 'plan') total = e.plan.runs;
      else if (e.type === 'task') tasks.set(`${e.model}|${e.resolution}`, e.phase);
      else if (e.type === 'case') cases++;
      draw(e.type === 'done');
    },
    stop: () => stream.write('\r\u001b[2K'),
  };
}

/** The plan and its price, as lines. */
export function planLines(report: ConformanceReport, colors: Colors): string[] {
  const { plan, estimate } = report;
  const lines = [
    `${colors.bold('Plan')}: ${plan.profile} profile, ${report.target.label}; levels ${plan.levels.join(', ')}${plan.smoke ? ', smoke' : ''}`,
    `  ${plan.models.length} models, ${plan.cases.length} cases, ${plan.runs} case runs, ${plan.tasks.length} billable tasks`,
  ];
  for (const t of plan.tasks)
    lines.push(
      `  ${t.model.padEnd(20)} ${t.resolution.padEnd(6)} ${`${t.seconds} s`.padStart(9)}  ¥${t.amount.padStart(6)}  ${colors.dim(t.caseId)}`,
    );
  const budget =
    estimate.maxCost === null
      ? 'free: the embedded mock bills nothing'
      : `budget ¥${estimate.maxCost} (--max-cost)${estimate.withinBudget ? '' : colors.red(', over budget')}`;
  lines.push(`  ${colors.bold(`estimated cost ¥${estimate.amount} CNY`)} if every task succeeds; ${budget}`);
  return lines;
}

function columnsOf(report: ConformanceReport): string[] {
  return MODEL_IDS.filter((m) => report.plan.models.includes(m));
}

/** The summary table: one row per case, one column per model (and one for target-wide cases). */
export function summaryLines(report: ConformanceReport, colors: Colors): string[] {
  const models = columnsOf(report);
  const ids = [...new Set(report.results.map((r) => r.caseId))];
  const width = Math.max(...ids.map((id) => id.length), 4);
  const header = `${'case'.padEnd(width)}  level   ${models.map((_, i) => `M${i + 1}`.padEnd(5)).join('')}all`;
  const lines = [colors.bold(header)];
  for (const id of ids) {
    const rows = report.results.filter((r) => r.caseId === id);
    const level = rows[0]?.level ?? 'MUST';
    const cell = (r: CaseResult | undefined) =>
      r ? paint(colors, r.outcome, (r.expectedFailure ? 'xfail' : CELL[r.outcome]).padEnd(5)) : ' '.repeat(5);
    const worst = (list: CaseResult[]) =>
      list.find((r) => r.outcome !== 'pass' && r.outcome !== 'skip') ??
      list.find((r) => r.outcome === 'pass') ??
      list[0];
    const perModel = models.map((m) => cell(worst(rows.filter((r) => r.model === m))));
    const target = rows.filter((r) => r.model === null);
    lines.push(
      `${id.padEnd(width)}  ${level.padEnd(6)}  ${perModel.join('')}${target.length ? cell(target[0]).trimEnd() : ''}`,
    );
  }
  lines.push(colors.dim(models.map((m, i) => `M${i + 1} ${m}`).join('  ')));
  return lines;
}

/** One line per case result that did not pass or skip, with the reason and a curl line for the failing request. */
export function failureLines(report: ConformanceReport, colors: Colors): string[] {
  const lines: string[] = [];
  for (const r of report.results) {
    if (r.outcome === 'pass' || r.outcome === 'skip') continue;
    const tag = r.expectedFailure ? colors.dim('(expected) ') : '';
    lines.push(
      `${paint(colors, r.outcome, r.outcome.toUpperCase())} ${tag}${r.level} ${r.caseId}${r.model ? ` [${r.model}]` : ''}: ${r.reason ?? ''}`,
    );
    const step = r.steps.find((s) => s.outcome !== 'pass');
    const seq = step?.exchanges[step.exchanges.length - 1];
    const exchange = seq === undefined ? undefined : report.exchanges.find((e) => e.seq === seq);
    if (exchange) lines.push(colors.dim(`    reproduce: ${exchange.curl}`));
  }
  return lines;
}

/** The closing line: counts per level, requests, tasks, time. */
export function totalsLine(report: ConformanceReport, colors: Colors): string {
  const parts = report.plan.levels.map((level) => {
    const c = report.summary.byLevel[level];
    const bad = c.fail + c.timeout;
    return `${level} ${c.pass} pass${bad ? `, ${colors.red(`${bad} fail`)}` : ''}${c.error ? `, ${colors.yellow(`${c.error} error`)}` : ''}${c.skip ? `, ${c.skip} skip` : ''}`;
  });
  const extra = report.summary.expectedFailures ? ` · ${report.summary.expectedFailures} expected failures` : '';
  const fixed = report.summary.unexpectedPasses.length
    ? ` · now passing (remove from the file): ${report.summary.unexpectedPasses.join(', ')}`
    : '';
  return `${parts.join(' · ')}${extra}${fixed} · ${report.summary.requests} requests, ${report.summary.tasks} tasks, ${(report.durationMs / 1000).toFixed(1)} s`;
}

/** The verdict under the totals: whether the run counts as a pass, and why not (CONFORMANCE.md, "When a run passes"). */
export function verdictLines(report: ConformanceReport, colors: Colors): string[] {
  const { verdict } = report;
  const lines: string[] = [];
  if (report.aborted) lines.push(colors.red(report.aborted.message));
  if (report.summary.unmatchedExpected.length > 0)
    lines.push(
      colors.yellow(`--expect-failures entries that match no case run: ${report.summary.unmatchedExpected.join(', ')}`),
    );
  if (verdict.pass) lines.push(colors.green('verdict: pass'));
  else lines.push(colors.red(`verdict: not a pass (${verdict.status}): ${verdict.reasons.join('; ')}`));
  return lines;
}
