import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import {
  MatrixInputError,
  asConformanceReport,
  buildMatrix,
  renderMatrixHtml,
  renderMatrixMarkdown,
  type CompatibilityMatrix,
  type ConformanceReport,
} from '../../conformance.js';
import { coverageText } from '../../conformance/report/matrix-render.js';
import { CliError, out, outJson, palette, readTextFile, useColor } from '../output.js';

/** File names written under --out. */
const MARKDOWN_NAME = 'compatibility-matrix.md';
const HTML_NAME = 'compatibility-matrix.html';

interface MatrixFlags {
  out?: string;
  markdownFile?: string;
  htmlFile?: string;
  title?: string;
  json?: boolean;
}

/** `wan-contract matrix`: combines conformance reports of several targets into one model × target matrix. */
export function registerMatrix(program: Command): void {
  program
    .command('matrix')
    .description(
      'combine conformance reports (conform --json), one per target, into a model × target compatibility matrix in Markdown and HTML',
    )
    .argument('<reports...>', 'conformance report JSON files, one per target')
    .option('--out <dir>', `directory for ${MARKDOWN_NAME} and ${HTML_NAME} (default: the current directory)`)
    .option('--markdown-file <file>', 'write the Markdown matrix to this file (with --html-file: instead of --out)')
    .option(
      '--html-file <file>',
      'write the self-contained HTML page to this file (with --markdown-file: instead of --out)',
    )
    .option('--title <text>', 'title of both documents', 'Compatibility matrix')
    .option('--json', 'also print the matrix as JSON on standard output')
    .addHelpText(
      'after',
      [
        '',
        'Each cell is pass, fail (a case failed or timed out), skip (nothing ran) or error (the runner or network broke),',
        'with the ids of the failing cases. The HTML page has inline CSS and no external resources.',
        '',
        'Exit codes: 0 written · 2 usage error or a file that is not a conformance report · 3 a file cannot be read or written.',
        '',
        'Examples:',
        '  $ wan-contract conform --base-url https://dashscope.aliyuncs.com/api/v1 --smoke --max-cost 15 --json official.json',
        '  $ wan-contract matrix official.json apipass.json kie.json --out site/',
        '  $ wan-contract matrix a.json b.json --markdown-file MATRIX.md --html-file matrix.html',
      ].join('\n'),
    )
    .action(async (files: string[], flags: MatrixFlags) => {
      if (flags.out !== undefined && (flags.markdownFile !== undefined || flags.htmlFile !== undefined)) {
        throw new CliError(
          'give either --out DIR or --markdown-file FILE / --html-file FILE, not both',
          2,
          'for example: wan-contract matrix a.json b.json --out site/',
        );
      }
      const inputs: { report: ConformanceReport; source: string }[] = [];
      for (const file of files) inputs.push({ report: await readReport(file), source: file });
      const matrix = buildMatrix(inputs);
      const title = flags.title ?? 'Compatibility matrix';
      const targets =
        flags.markdownFile !== undefined || flags.htmlFile !== undefined
          ? { markdown: flags.markdownFile, html: flags.htmlFile }
          : { markdown: join(flags.out ?? '.', MARKDOWN_NAME), html: join(flags.out ?? '.', HTML_NAME) };
      if (targets.markdown !== undefined) await write(targets.markdown, renderMatrixMarkdown(matrix, title));
      if (targets.html !== undefined) await write(targets.html, renderMatrixHtml(matrix, title));
      if (flags.json) return outJson(matrix);
      summarise(
        matrix,
        [targets.markdown, targets.html].filter((f): f is string => f !== undefined),
      );
    });
}

async function readReport(file: string): Promise<ConformanceReport> {
  const text = await readTextFile(file, 3, 'give the JSON files written by `wan-contract conform --json FILE`');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `${file} is not JSON: ${(error as Error).message}`,
      2,
      'give the JSON files written by `wan-contract conform --json FILE`',
    );
  }
  try {
    return asConformanceReport(value, file);
  } catch (error) {
    if (error instanceof MatrixInputError)
      throw new CliError(error.message, 2, 'give the JSON files written by `wan-contract conform --json FILE`');
    throw error;
  }
}

async function write(file: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text, 'utf8');
  } catch (error) {
    throw new CliError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 3);
  }
}

function summarise(matrix: CompatibilityMatrix, written: string[]): void {
  const c = palette(useColor());
  matrix.columns.forEach((column, i) => {
    const cells = matrix.rows.map((row) => row.cells[i]!);
    const count = (outcome: string) => cells.filter((cell) => cell.outcome === outcome).length;
    const failing = matrix.rows
      .filter((row) => row.cells[i]!.outcome === 'fail')
      .map((row) => row.model ?? 'target-wide');
    out(
      `${c.bold(column.id)}${column.id === column.label ? ` (${column.profile})` : ''}: ${c.green(`${count('pass')} pass`)}, ${count('fail') > 0 ? c.red(`${count('fail')} fail`) : '0 fail'}, ${count('skip')} skip, ${count('error')} error${failing.length > 0 ? ` — failing: ${failing.join(', ')}` : ''}; coverage ${coverageText(column)}`,
    );
  });
  for (const file of written) out(`wrote ${file}`);
}
