import type { AxisCoverage, Coverage, CoverageCounts } from './coverage.js';

const pct = (n: number) => `${n.toFixed(1)}%`;
const gate = (c: CoverageCounts) => `${c.gate.reached}/${c.gate.base} ${pct(c.gate.percent)}`;
const reachable = (c: CoverageCounts) => (c.reachable === null ? '—' : String(c.reachable));

/** Options of {@link coverageLines}. */
export interface CoverageLinesOptions {
  /** Also list, per axis, the cells the plan could not reach (long: every model × tier left out). */
  readonly unreachable?: boolean;
}

/**
 * The coverage as a text table: per axis the contract's cells, those the plan can reach, those reached, coverage
 * (reached / contract) and the gate (reached / the gate's base); then the cells the gate misses and those seen
 * beyond the contract.
 */
export function coverageLines(coverage: Coverage, options: CoverageLinesOptions = {}): string[] {
  const rows: [string, CoverageCounts][] = [
    ...coverage.axes.map((a): [string, CoverageCounts] => [a.label, a]),
    ['overall', coverage.overall],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const head = `${'Coverage'.padEnd(width)}  contract  reachable  reached  coverage  gate`;
  const lines = [
    `Coverage of ${coverage.target} (${coverage.profile} profile, from a ${coverage.source})`,
    head,
    ...rows.map(
      ([label, c]) =>
        `${label.padEnd(width)}  ${String(c.universe).padStart(8)}  ${reachable(c).padStart(9)}  ${String(c.reached).padStart(7)}  ${pct(c.percent).padStart(8)}  ${gate(c)}`,
    ),
    `gate base: ${coverage.gateBase}`,
  ];
  const list = (title: string, pick: (a: AxisCoverage) => readonly string[] | null) => {
    for (const a of coverage.axes) {
      const cells = pick(a) ?? [];
      if (cells.length > 0) lines.push(`${title} ${a.label}: ${cells.join(', ')}`);
    }
  };
  list('missing', (a) => a.missing);
  if (options.unreachable) list('not reachable by this plan,', (a) => a.unreachable);
  list('seen beyond the contract,', (a) => a.beyond);
  return lines;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The coverage as a Markdown table, with the missing cells, for a GitHub step summary. */
export function coverageMarkdown(coverage: Coverage): string[] {
  const row = (label: string, c: CoverageCounts) =>
    `| ${label} | ${c.universe} | ${reachable(c)} | ${c.reached} | ${pct(c.percent)} | ${gate(c)} |`;
  const lines = [
    `### Coverage of \`${coverage.target}\` (${coverage.profile})`,
    '',
    '| axis | contract | reachable | reached | coverage | gate |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...coverage.axes.map((a) => row(cell(a.label), a)),
    row('**overall**', coverage.overall),
    '',
    `Gate base: ${coverage.gateBase}.`,
  ];
  const missing = coverage.axes.filter((a) => a.missing.length > 0);
  if (missing.length > 0)
    lines.push('', ...missing.map((a) => `- missing ${cell(a.label)}: ${a.missing.map((c) => `\`${c}\``).join(', ')}`));
  return lines;
}
