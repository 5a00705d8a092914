import type { CaseResult, ConformanceReport } from '../../conformance.js';
import { isFailure } from '../../conformance.js';
import { coverageMarkdown } from '../../coverage/render.js';
import { commandData as data, commandProperty as property } from '../../reports/github.js';

const name = (r: CaseResult) => `${r.caseId}${r.model ? ` [${r.model}${r.resolution ? ` ${r.resolution}` : ''}]` : ''}`;

/**
 * One workflow annotation per case run that did not pass: `::error` for a MUST failure, timeout or error (not an
 * expected failure), `::warning` for the rest (SHOULD/MAY failures, expected failures), and one for the verdict
 * when the run is not a pass.
 */
export function githubAnnotations(report: ConformanceReport): string[] {
  const lines: string[] = [];
  for (const r of report.results) {
    if (r.outcome === 'pass' || r.outcome === 'skip') continue;
    const severe = r.level === 'MUST' && !r.expectedFailure && (isFailure(r.outcome) || r.outcome === 'error');
    const title = `${r.level} ${name(r)}: ${r.outcome}${r.expectedFailure ? ' (expected)' : ''}`;
    lines.push(`::${severe ? 'error' : 'warning'} title=${property(title)}::${data(r.reason ?? r.description)}`);
  }
  const { verdict } = report;
  if (!verdict.pass)
    lines.push(
      `::error title=${property(`conformance run: not a pass (${verdict.status})`)}::${data(verdict.reasons.join('; '))}`,
    );
  return lines;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The run as Markdown for `$GITHUB_STEP_SUMMARY`: the verdict, counts per level, and each case run that did not pass. */
export function githubSummary(report: ConformanceReport): string {
  const { verdict, summary } = report;
  const lines = [
    `## Wan video contract conformance: ${verdict.pass ? '✅ pass' : `❌ not a pass (${verdict.status})`}`,
    '',
    `Target \`${report.target.label}\`, profile \`${report.contract.profile}\`, contract ${report.contract.version}, ` +
      `${summary.requests} requests, ${summary.tasks} tasks, ${(report.durationMs / 1000).toFixed(1)} s, ` +
      `estimated cost ¥${report.estimate.amount}.`,
    '',
    ...verdict.reasons.map((reason) => `- ${reason}`),
    ...(verdict.reasons.length ? [''] : []),
    '| level | pass | fail | timeout | error | skip |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...report.plan.levels.map((level) => {
      const c = summary.byLevel[level];
      return `| ${level} | ${c.pass} | ${c.fail} | ${c.timeout} | ${c.error} | ${c.skip} |`;
    }),
  ];
  const notPassed = report.results.filter((r) => r.outcome !== 'pass' && r.outcome !== 'skip');
  if (notPassed.length > 0) {
    lines.push('', '| outcome | level | case | reason |', '| --- | --- | --- | --- |');
    for (const r of notPassed)
      lines.push(
        `| ${r.outcome}${r.expectedFailure ? ' (expected)' : ''} | ${r.level} | ${cell(name(r))} | ${cell(r.reason ?? '')} |`,
      );
  }
  if (verdict.unproven.length > 0)
    lines.push('', `MUST case runs without a result: ${verdict.unproven.map((u) => `\`${u}\``).join(', ')}`);
  if (report.coverage) lines.push('', ...coverageMarkdown(report.coverage));
  return `${lines.join('\n')}\n`;
}
