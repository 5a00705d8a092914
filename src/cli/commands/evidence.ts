import { loadPricesOption, PRICES_OPTION_HELP } from '../prices.js';
import { readFile } from 'node:fs/promises';
import { packageFile, runsCompiled } from '../../contract/files.js';
import type { Command } from 'commander';
import {
  DEFAULT_MIN_SUCCESS_RATE,
  DEFAULT_MIN_SUCCESSES,
  RateError,
  VIOLATION_KINDS,
  parseRate,
  type CellEvidence,
  type EvidenceReport,
  type Rate,
} from '../../evidence/index.js';
import { CliError, out, outJson, palette, parseCount, useColor } from '../output.js';
import { engineOptions, type EngineFlags } from '../engine.js';
import { readEvidence, writeHtml } from './evidence-engine.js';
import { registerEvidenceExport } from './evidence-export.js';
import { printTimeToResult } from './evidence-timing.js';
import { compareCommand } from './evidence-compare.js';

/** Items of each list the command prints (invalid lines, violations, billing discrepancies) unless --limit says otherwise. */
const DEFAULT_PRINT_LIMIT = 20;

interface EvidenceFlags extends EngineFlags {
  json?: boolean;
  html?: string;
  prices?: string;
  minSuccesses?: string;
  minSuccessRate?: string;
  limit?: string;
  strict?: boolean;
  compare?: boolean;
}

/** `wan-contract evidence`: per model and resolution counts, Beta promotion and billing reconciliation from a task log. */
export function registerEvidence(program: Command): void {
  const evidence = program.command('evidence');
  registerEvidenceExport(evidence);
  evidence
    .description(
      'read a task log (JSONL, streamed) and report per model and resolution, Beta promotion and billing reconciliation',
    )
    .argument(
      '<logs...>',
      'task logs, one TaskLogRecord per line (as written by `conform --evidence`, the proxy or the gateway), or - for standard input; a pipe, FIFO or process substitution is read to its end, a gzip log is decompressed; several logs are read as one',
    )
    .option('--json', 'print the report as JSON')
    .option('--prices <file>', PRICES_OPTION_HELP)
    .option('--min-successes <n>', `successes each resolution of a Beta model needs (default ${DEFAULT_MIN_SUCCESSES})`)
    .option(
      '--min-success-rate <rate>',
      `lowest success rate over accepted tasks, a decimal from 0 to 1 (default ${DEFAULT_MIN_SUCCESS_RATE})`,
    )
    .option(
      '--limit <n>',
      `invalid lines, violations and billing discrepancies listed per list; counts stay exact; 0 lists all (default ${DEFAULT_PRINT_LIMIT})`,
    )
    .option('--html <file>', 'also write the report as one offline HTML page with charts (Chart.js embedded)');
  engineOptions(evidence)
    .option(
      '--strict',
      'exit 1 when the logs have invalid lines, contract violations, billing discrepancies, fragments of a task no log saw submitted, records of one task that disagree, or an empty log',
    )
    .option(
      '--compare',
      'compare two logs of the same traffic (a proxy log and conform --evidence) task by task and per Beta model; exit 1 naming every disagreement',
    )
    .addHelpText(
      'after',
      [
        '',
        'A Beta model closes its evidence when every resolution it lists has at least --min-successes SUCCEEDED',
        'tasks, SUCCEEDED over accepted tasks (submits answered 200, unfinished ones included) is at least',
        '--min-success-rate (compared exactly, as decimals), and no task shows a contract violation; the command then',
        `prints the registry change that promotes it to verified. Defaults: ${DEFAULT_MIN_SUCCESSES} successes, ${DEFAULT_MIN_SUCCESS_RATE}.`,
        '',
        'Billing: records with `charged` are compared with the price table (billTask); every difference is listed:',
        'over-billed, under-billed, a charged task that did not succeed, or a success that cannot be priced. Charges',
        'that cannot be priced are their own column (unverifiable) and never count as over- or under-billed. Amounts',
        'are exact decimals: usage of more than 86400 s (a day of video) is a violation (unbillable), never an amount;',
        'a line whose times are no date or whose polls, video size or length pass what a task can be is invalid.',
        '',
        'Several logs (one per proxy behind a load balancer, one per gateway node) are read as one: a proxy that saw',
        'only some queries of a task writes a fragment, and the fragments and the record of the proxy that saw the',
        'submit merge by target and task id into one lifecycle, judged by the conformance lifecycle cases. Fragments',
        'of a task no log saw submitted are listed apart and never counted as tasks. A task is counted once, however',
        'many records tell of it (the same log given twice, overlapping copies): records that agree merge; records',
        'that disagree on the request, the answers or the charge are listed as conflicting duplicates, with both lines.',
        '',
        'Exit codes: 0 the log was read (whatever it shows) · 1 the file is not a task log (no line is a record), or with --strict the log shows a problem · 2 usage error · 3 the log cannot be read.',
        '',
        'Examples:',
        '  $ wan-contract conform --evidence e.jsonl && wan-contract evidence e.jsonl',
        '  $ wan-contract evidence tasks.jsonl --min-successes 50 --min-success-rate 0.98 --json > evidence.json',
        '  $ zcat tasks.jsonl.gz | wan-contract evidence - --strict',
        '  $ wan-contract evidence tasks.jsonl <(zcat rotated.jsonl.gz)',
        '  $ wan-contract evidence proxy-a.jsonl proxy-b.jsonl proxy-c.jsonl',
        "  $ wan-contract evidence --engine duckdb --threads 2 --memory-limit 1GB 'logs/2026-12-*.jsonl.gz'",
        '  $ wan-contract evidence --compare proxy.jsonl conform.jsonl',
      ].join('\n'),
    )
    .action(async (logs: string[], flags: EvidenceFlags) => {
      loadPricesOption(flags.prices);
      // /dev/stdin is standard input: read as the stream it is (opening it again fails when it is a socket).
      const isStdin = (l: string) => l === '-' || l === '/dev/stdin';
      if (logs.filter(isStdin).length > 1)
        throw new CliError('standard input (-) can be given once', 2, 'give the other logs as files');
      const log = logs.join(' ');
      const minSuccesses =
        flags.minSuccesses === undefined ? DEFAULT_MIN_SUCCESSES : parseCount('--min-successes', flags.minSuccesses);
      const limit = flags.limit === undefined ? DEFAULT_PRINT_LIMIT : parseCount('--limit', flags.limit);
      let minSuccessRate: Rate;
      try {
        minSuccessRate = parseRate(flags.minSuccessRate ?? DEFAULT_MIN_SUCCESS_RATE, '--min-success-rate');
      } catch (error) {
        if (error instanceof RateError)
          throw new CliError(error.message, 2, `for example: --min-success-rate ${DEFAULT_MIN_SUCCESS_RATE}`);
        throw error;
      }
      if (flags.compare) return compareCommand(logs, flags.json ?? false, { minSuccesses, minSuccessRate });
      let report: EvidenceReport;
      try {
        report = await readEvidence(logs, flags, {
          minSuccesses,
          minSuccessRate,
          listLimit: limit,
          registrySource: await registrySource(),
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const path = (error as NodeJS.ErrnoException).path;
        if (code)
          throw new CliError(
            `cannot read ${path ?? log}: ${code}`,
            3,
            'give the path of a JSONL task log, or - to read standard input',
          );
        throw error;
      }
      if (report.records === 0 && report.fragments.lines === 0 && report.invalidLines.count === 0)
        // Nothing but blank lines, or nothing at all: a wrong path, a pipe that broke, a filter that matched nothing.
        throw new CliError(
          `${log} is not a task log: ${report.lines === 0 ? 'it is empty' : `its ${report.lines} line${report.lines === 1 ? ' is' : 's are'} blank`}`,
          1,
          'a task log holds one JSON TaskLogRecord per line, as `wan-contract conform --evidence FILE` writes',
        );
      if (report.records === 0 && report.fragments.lines === 0 && report.invalidLines.count > 0) {
        // Not one line is a task log record: this is some other file, not a log with a few bad lines.
        const first = report.invalidLines.listed[0];
        throw new CliError(
          `${log} is not a task log: none of its ${report.invalidLines.count} non-blank lines is a TaskLogRecord${first ? ` (line ${first.line}: ${first.reason})` : ''}`,
          1,
          'a task log holds one JSON TaskLogRecord per line, as `wan-contract conform --evidence FILE` writes',
        );
      }
      if (flags.html) await writeHtml(flags.html, report, `Evidence: ${log}`);
      if (flags.json) outJson(report);
      else printReport(log, report);
      const problems =
        report.invalidLines.count +
        report.violations.count +
        report.billing.discrepancyCount +
        report.fragments.unsubmitted.count +
        report.duplicates.conflicting.count +
        (report.emptyLogs?.length ?? 0);
      process.exitCode = flags.strict && problems > 0 ? 1 : 0;
    });
}

/** The registry's source, when the package runs from its sources, so promotion diffs carry line numbers. */
async function registrySource(): Promise<string | undefined> {
  if (runsCompiled()) return undefined;
  try {
    return await readFile(packageFile('src/contract/models.ts'), 'utf8');
  } catch {
    return undefined;
  }
}

function codes(counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? '' : entries.map(([code, n]) => `${code}×${n}`).join(', ');
}

function sum(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

function row(model: string, resolution: string, c: CellEvidence): string[] {
  return [
    model,
    resolution,
    String(c.tasks),
    String(c.succeeded),
    String(sum(c.failed)),
    String(sum(c.rejected)),
    String(c.unfinished + c.canceled + c.unknown),
    String(c.violations),
    String(c.resultUrls),
    c.secondsBilled,
    c.amount,
  ];
}

/** Columns padded to their widest cell; numeric columns aligned right. */
export function table(rows: readonly (readonly string[])[], right: readonly boolean[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (right[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

function more(listed: number, count: number): string | undefined {
  return count > listed ? `  … and ${count - listed} more (--limit 0 lists all)` : undefined;
}

function printFragments(report: EvidenceReport, c: ReturnType<typeof palette>): void {
  const f = report.fragments;
  if (f.lines === 0) return;
  out();
  out(
    c.bold(
      `Fragments: ${f.lines} line${f.lines === 1 ? '' : 's'} of proxies that saw only some queries of a task; ${f.mergedTasks} task${f.mergedTasks === 1 ? '' : 's'} merged from several lines`,
    ),
  );
  if (f.unsubmitted.count === 0) return;
  out(
    c.red(
      `  ${f.unsubmitted.count} task${f.unsubmitted.count === 1 ? '' : 's'} no log saw submitted (not counted as tasks):`,
    ),
  );
  for (const u of f.unsubmitted.listed)
    out(
      `  ${u.taskId} on ${u.target}: ${u.statuses.join(' → ')} from ${u.firstSeenAt} to ${u.lastSeenAt}, ${u.lines.map(at).join(', ')}`,
    );
  const rest = more(f.unsubmitted.listed.length, f.unsubmitted.count);
  if (rest) out(rest);
}

function printDuplicates(report: EvidenceReport, c: ReturnType<typeof palette>): void {
  const d = report.duplicates;
  if (d.records === 0) return;
  out();
  out(
    c.bold(
      `Duplicates: ${d.records} record${d.records === 1 ? '' : 's'} of ${d.tasks} task${d.tasks === 1 ? '' : 's'} already in the logs, each task counted once`,
    ),
  );
  if (d.conflicting.count === 0) return;
  out(c.red(`  ${d.conflicting.count} disagree with the record counted (left out of the counts):`));
  for (const x of d.conflicting.listed)
    out(
      `  ${x.taskId} on ${x.target}: ${x.field} is ${x.values[0]} at ${at(x.lines[0])}, ${x.values[1]} at ${at(x.lines[1])}`,
    );
  const rest = more(d.conflicting.listed.length, d.conflicting.count);
  if (rest) out(rest);
}

/** Where a listed line is: `line 12`, or `b.jsonl line 12` when several logs were read. */
function at(item: { readonly file?: string; readonly line: number }): string {
  return item.file === undefined ? `line ${item.line}` : `${item.file} line ${item.line}`;
}

function printReport(log: string, report: EvidenceReport): void {
  const c = palette(useColor());
  const invalid = report.invalidLines.count;
  out(
    `${c.bold(log)}: ${report.lines} lines, ${report.records} records, ${report.fragments.lines ? `${report.fragments.lines} fragments, ` : ''}${invalid === 0 ? 'no invalid lines' : c.red(`${invalid} invalid line${invalid === 1 ? '' : 's'}`)}${report.blankLines ? `, ${report.blankLines} blank` : ''}`,
  );
  out();
  if (report.models.length === 0) out('no task of a registry model in the log');
  else {
    const rows: string[][] = [
      [
        'model',
        'resolution',
        'tasks',
        'succeeded',
        'failed',
        'rejected',
        'other',
        'violations',
        'result URLs',
        'seconds',
        'amount CNY',
      ],
    ];
    for (const m of report.models) {
      for (const [resolution, cell] of Object.entries(m.resolutions)) rows.push(row(m.model, resolution, cell));
      if (Object.keys(m.resolutions).length > 1) rows.push(row(m.model, 'all', m.total));
    }
    const lines = table(rows, [false, false, true, true, true, true, true, true, true, true, true]);
    out(c.bold(lines[0]!));
    for (const line of lines.slice(1)) out(line);
    out(
      c.dim('other: canceled, unknown, or no terminal answer in the log; amount: SUCCEEDED tasks by the price table'),
    );
    for (const m of report.models) {
      const failed = codes(m.total.failed);
      const rejected = codes(m.total.rejected);
      if (failed) out(`${m.model} FAILED by code: ${failed}`);
      if (rejected) out(`${m.model} rejected by code: ${rejected}`);
    }
  }
  const others = Object.entries(report.otherModels);
  if (others.length > 0)
    out(`models outside the registry (not checked): ${others.map(([m, n]) => `${m} ×${n}`).join(', ')}`);

  if (report.violations.count > 0) {
    out();
    out(c.bold(c.red(`Contract violations: ${report.violations.count}`)));
    for (const v of report.violations.listed) out(`  ${at(v)}  ${v.model} on ${v.target}  ${v.kind}: ${v.message}`);
    const rest = more(report.violations.listed.length, report.violations.count);
    if (rest) out(rest);
    const kinds = new Set(report.violations.listed.map((v) => v.kind));
    for (const kind of kinds) out(c.dim(`  ${kind}: ${VIOLATION_KINDS[kind]}`));
  }

  if (invalid > 0) {
    out();
    out(c.bold(c.red(`Invalid lines: ${invalid}`)));
    for (const item of report.invalidLines.listed) out(`  ${at(item)}: ${item.reason}`);
    const rest = more(report.invalidLines.listed.length, invalid);
    if (rest) out(rest);
  }

  printFragments(report, c);
  printTimeToResult(report, c.bold);
  printDuplicates(report, c);
  if (report.emptyLogs?.length) {
    out();
    out(c.red(`Empty logs (not task logs): ${report.emptyLogs.join(', ')}`));
  }

  printPromotions(report, c);
  printBilling(report, c);
}

function printPromotions(report: EvidenceReport, c: ReturnType<typeof palette>): void {
  out();
  out(
    c.bold(
      `Beta promotion (each resolution ≥ ${report.thresholds.minSuccesses} successes, success rate ≥ ${report.thresholds.minSuccessRate}, no contract violations)`,
    ),
  );
  for (const p of report.promotions) {
    if (p.closes) {
      out(
        `  ${c.green(`${p.model}: the evidence closes`)} (${p.successes} successes of ${p.attempts} accepted tasks); promote it to verified:`,
      );
      for (const line of (p.diff ?? '').split('\n'))
        out(
          `    ${line.startsWith('+') ? c.green(line) : line.startsWith('-') && !line.startsWith('---') ? c.red(line) : line}`,
        );
      out(c.dim('    then regenerate the spec: npm run spec'));
    } else {
      out(`  ${c.yellow(`${p.model}: stays beta`)}`);
      for (const reason of p.unmet) out(`    - ${reason}`);
    }
  }
}

function printBilling(report: EvidenceReport, c: ReturnType<typeof palette>): void {
  out();
  const billing = report.billing;
  if (billing.records === 0) {
    out(c.bold('Billing reconciliation: no record carries a charged amount'));
    return;
  }
  out(
    c.bold(
      `Billing reconciliation: ${billing.records} record${billing.records === 1 ? '' : 's'} with a charged amount, ${billing.discrepancyCount === 0 ? c.green('every charge matches the price table') : c.red(`${billing.discrepancyCount} differ`)}`,
    ),
  );
  const rows = [
    [
      'model',
      'records',
      'charged CNY',
      'billed CNY',
      'unverifiable',
      'difference',
      'over-billed',
      'under-billed',
      'differing',
    ],
  ];
  for (const t of billing.totals)
    rows.push([
      t.model,
      String(t.records),
      t.charged,
      t.billed,
      t.unverifiable,
      t.difference,
      t.overBilled,
      t.underBilled,
      String(t.discrepancies),
    ]);
  const lines = table(rows, [false, true, true, true, true, true, true, true, true]);
  out(`  ${c.bold(lines[0]!)}`);
  for (const line of lines.slice(1)) out(`  ${line}`);
  for (const d of billing.discrepancies) {
    const what =
      d.kind === 'billed-unsuccessful' ? `billed ${/^[aeiou]/.test(d.outcome) ? 'an' : 'a'} ${d.outcome} task` : d.kind;
    out(
      `  ${at(d)}  ${d.taskId ?? '(no task id)'}  ${d.model} ${d.resolution} on ${d.target}: ${what}, charged ${d.charged}, price table ${d.billed} (${d.difference})`,
    );
  }
  const rest = more(billing.discrepancies.length, billing.discrepancyCount);
  if (rest) out(rest);
}
