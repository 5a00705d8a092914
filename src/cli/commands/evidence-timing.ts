import type { EvidenceReport } from '../../evidence/index.js';
import { out } from '../output.js';

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 3)} s`;

/** The time-to-result lines of the text report: p50 / p95 / p99 per model and tier, and per target. */
export function printTimeToResult(report: EvidenceReport, bold: (text: string) => string): void {
  const { byModel, byTarget } = report.timeToResult;
  if (byModel.length === 0) return;
  out();
  out(bold('Time to result (submit to terminal status, from the logged times): p50 / p95 / p99'));
  for (const t of byModel)
    out(`  ${t.model} ${t.tier}: ${seconds(t.p50Ms)} / ${seconds(t.p95Ms)} / ${seconds(t.p99Ms)} (${t.tasks} tasks)`);
  for (const t of byTarget)
    out(`  on ${t.target}: ${seconds(t.p50Ms)} / ${seconds(t.p95Ms)} / ${seconds(t.p99Ms)} (${t.tasks} tasks)`);
}
