import type { EvidenceReport } from './report.js';
import { TTR_BINS_MS } from './timing.js';

/** Text made safe inside HTML. */
function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON made safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Billing discrepancies the page lists, at most: the report lists every one with `--limit 0`, and the page stays
 * the same size whatever the log's (the rest are counted under the table).
 */
export const PAGE_LIST_LIMIT = 100;

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 3)} s`;

/** The figures the page draws, as plain data (numbers for the charts; the tables keep the exact decimals). */
function chartData(report: EvidenceReport) {
  const beta = report.promotions.map((p) => ({
    model: p.model,
    tiers: p.resolutions.map((r) => r.resolution),
    successes: p.resolutions.map((r) => r.successes),
    needed: p.resolutions.map((r) => r.needed),
  }));
  const hours = report.timeline.map((b) => b.start.slice(0, 13).replace('T', ' ') + 'h');
  const bins = [...TTR_BINS_MS.map((ms) => `≤ ${seconds(ms)}`), `> ${seconds(TTR_BINS_MS[TTR_BINS_MS.length - 1]!)}`];
  const byModel = new Map<string, number[]>();
  for (const cell of report.timeToResult.byModel) {
    const sum = byModel.get(cell.model) ?? bins.map(() => 0);
    cell.distribution.forEach((bin, i) => (sum[i]! += bin.tasks));
    byModel.set(cell.model, sum);
  }
  return {
    beta,
    timeline: {
      hours,
      successRate: report.timeline.map((b) => (b.accepted === 0 ? null : b.succeeded / b.accepted)),
      p50: report.timeline.map((b) => (b.timeToResult ? b.timeToResult.p50Ms / 1000 : null)),
      p95: report.timeline.map((b) => (b.timeToResult ? b.timeToResult.p95Ms / 1000 : null)),
    },
    distribution: { bins, models: [...byModel].map(([model, counts]) => ({ model, counts })) },
    billing: report.billing.totals.map((t) => ({
      model: t.model,
      over: Number(t.overBilled),
      under: Number(t.underBilled),
      unverifiable: Number(t.unverifiable),
    })),
  };
}

const DRAW = `
const data = JSON.parse(document.getElementById('data').textContent);
Chart.defaults.animation = false;
const charts = [];
const draw = (id, config) => charts.push(new Chart(document.getElementById(id), config));
const beta = data.beta.flatMap((m) => m.tiers.map((t, i) => ({ label: m.model + ' ' + t, successes: m.successes[i], needed: m.needed[i] })));
draw('beta', { type: 'bar', data: { labels: beta.map((b) => b.label), datasets: [
  { label: 'successes', data: beta.map((b) => b.successes), backgroundColor: '#3b82f6' },
  { label: 'needed', data: beta.map((b) => b.needed), type: 'line', borderColor: '#ef4444', pointRadius: 0 } ] } });
draw('success', { type: 'line', data: { labels: data.timeline.hours, datasets: [
  { label: 'success rate (succeeded / accepted)', data: data.timeline.successRate, borderColor: '#10b981' } ] },
  options: { scales: { y: { min: 0, max: 1 } } } });
draw('ttr', { type: 'line', data: { labels: data.timeline.hours, datasets: [
  { label: 'p50 s', data: data.timeline.p50, borderColor: '#3b82f6' },
  { label: 'p95 s', data: data.timeline.p95, borderColor: '#f59e0b' } ] } });
draw('distribution', { type: 'bar', data: { labels: data.distribution.bins,
  datasets: data.distribution.models.map((m) => ({ label: m.model, data: m.counts })) },
  options: { scales: { x: { stacked: true }, y: { stacked: true } } } });
draw('billing', { type: 'bar', data: { labels: data.billing.map((b) => b.model), datasets: [
  { label: 'over-billed CNY', data: data.billing.map((b) => b.over), backgroundColor: '#ef4444' },
  { label: 'under-billed CNY', data: data.billing.map((b) => b.under), backgroundColor: '#f59e0b' },
  { label: 'unverifiable CNY', data: data.billing.map((b) => b.unverifiable), backgroundColor: '#6b7280' } ] } });
document.body.dataset.charts = String(charts.length);
`;

function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = (r: readonly (string | number)[], tag: string) =>
    r.map((c) => `<${tag}>${escape(String(c))}</${tag}>`).join('');
  return `<table><thead><tr>${cells(head, 'th')}</tr></thead><tbody>${rows.map((r) => `<tr>${cells(r, 'td')}</tr>`).join('')}</tbody></table>`;
}

/**
 * One offline HTML page of a report: Beta progress toward the thresholds, success rate and time to result per hour,
 * the time-to-result distribution per model, billing discrepancies. `chartLibrary` is the source of Chart.js's UMD
 * build, embedded in the page: it makes no request.
 */
export function evidenceHtml(report: EvidenceReport, chartLibrary: string, title = 'Evidence'): string {
  const ttrRows = report.timeToResult.byModel.map((t) => [
    t.model,
    t.tier,
    t.tasks,
    seconds(t.p50Ms),
    seconds(t.p95Ms),
    seconds(t.p99Ms),
  ]);
  const targetRows = report.timeToResult.byTarget.map((t) => [
    t.target,
    t.tasks,
    seconds(t.p50Ms),
    seconds(t.p95Ms),
    seconds(t.p99Ms),
  ]);
  const billingRows = report.billing.totals.map((t) => [
    t.model,
    t.records,
    t.charged,
    t.billed,
    t.unverifiable,
    t.overBilled,
    t.underBilled,
    t.discrepancies,
  ]);
  const discrepancies = report.billing.discrepancies
    .slice(0, PAGE_LIST_LIMIT)
    .map((d) => [
      d.file ? `${d.file}:${d.line}` : d.line,
      d.taskId ?? '',
      d.model,
      d.resolution,
      d.kind,
      d.charged,
      d.billed,
      d.difference,
    ]);
  const unlisted = report.billing.discrepancyCount - discrepancies.length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escape(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;max-width:1100px}canvas{max-height:320px}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ddd;padding:2px 8px;text-align:right}td:first-child,th:first-child{text-align:left}</style>
</head><body>
<h1>${escape(title)}</h1>
<p>${report.lines} lines, ${report.records} records, ${report.invalidLines.count} invalid lines, ${report.violations.count} contract violations, ${report.billing.discrepancyCount} billing discrepancies.</p>
<h2>Beta progress (each tier ≥ ${report.thresholds.minSuccesses} successes, success rate ≥ ${escape(report.thresholds.minSuccessRate)}, no violations)</h2>
<canvas id="beta"></canvas>
${table(
  ['model', 'closes', 'successes', 'accepted', 'success rate', 'violations'],
  report.promotions.map((p) => [
    p.model,
    p.closes ? 'yes' : 'no',
    p.successes,
    p.attempts,
    p.successRate,
    p.violations,
  ]),
)}
<h2>Success rate per hour</h2><canvas id="success"></canvas>
<h2>Time to result per hour (submit to terminal status)</h2><canvas id="ttr"></canvas>
<h2>Time to result per model</h2><canvas id="distribution"></canvas>
${table(['model', 'tier', 'tasks', 'p50', 'p95', 'p99'], ttrRows)}
${table(['target', 'tasks', 'p50', 'p95', 'p99'], targetRows)}
<h2>Billing discrepancies</h2><canvas id="billing"></canvas>
${table(['model', 'records', 'charged CNY', 'billed CNY', 'unverifiable', 'over-billed', 'under-billed', 'differing'], billingRows)}
${discrepancies.length ? table(['line', 'task', 'model', 'tier', 'kind', 'charged', 'billed', 'difference'], discrepancies) : ''}
${unlisted > 0 ? `<p>… and ${unlisted} more discrepancies: <code>wan-contract evidence --json --limit 0</code> lists them all.</p>` : ''}
<script id="data" type="application/json">${scriptJson(chartData(report))}</script>
<script>${chartLibrary.replace(/<\/script/gi, '<\\/script')}</script>
<script>${DRAW}</script>
</body></html>
`;
}
