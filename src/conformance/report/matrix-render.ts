import type { CompatibilityMatrix, MatrixCell, MatrixColumn } from './matrix.js';

/** The label of the row of target-wide cases. */
export const TARGET_WIDE = 'target-wide cases';

const SYMBOL: Record<MatrixCell['outcome'], string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  skip: '⏭️ skip',
  error: '⚠️ error',
};

function failingText(cell: MatrixCell, code: (id: string) => string): string[] {
  return cell.failing.map((f) => {
    const notes = [
      f.level === 'MUST' ? '' : f.level,
      f.outcome === 'fail' ? '' : f.outcome,
      f.expected ? 'expected' : '',
    ].filter(Boolean);
    return `${code(f.caseId)}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
  });
}

/** A column's coverage in one line: `50.0% of the contract (gate 17/18, 94.4%)`. */
export function coverageText(column: MatrixColumn): string {
  const c = column.coverage?.overall;
  if (!c) return 'not counted';
  return `${c.percent.toFixed(1)}% of the contract (gate ${c.gate.reached}/${c.gate.base}, ${c.gate.percent.toFixed(1)}%)`;
}

/** The coverage rows under the matrix: overall, then reached / contract cells per axis, per target. */
function coverageRows(matrix: CompatibilityMatrix): { label: string; cells: string[] }[] {
  if (!matrix.columns.some((c) => c.coverage)) return [];
  const axes = matrix.columns.find((c) => c.coverage)?.coverage?.axes ?? [];
  return [
    { label: 'coverage', cells: matrix.columns.map(coverageText) },
    ...axes.map((axis, i) => ({
      label: axis.label,
      cells: matrix.columns.map((c) => {
        const a = c.coverage?.axes[i];
        return a ? `${a.reached}/${a.universe} (${a.percent.toFixed(1)}%)` : '';
      }),
    })),
  ];
}

function markdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The matrix as a Markdown document: the matrix table, then one line per target. */
export function renderMatrixMarkdown(matrix: CompatibilityMatrix, title = 'Compatibility matrix'): string {
  const lines = [
    `# ${markdownCell(title)}`,
    '',
    'Each cell: the conformance cases of that model on that target. Failing case ids are MUST unless marked.',
    '',
  ];
  lines.push(`| model | ${matrix.columns.map((c) => markdownCell(c.id)).join(' | ')} |`);
  lines.push(`|---|${matrix.columns.map(() => '---').join('|')}|`);
  for (const row of matrix.rows) {
    const cells = row.cells.map((cell) => {
      const failing = failingText(cell, (id) => `\`${id}\``);
      return markdownCell(`${SYMBOL[cell.outcome]}${failing.length > 0 ? `: ${failing.join(', ')}` : ''}`);
    });
    lines.push(`| ${row.model ?? `*${TARGET_WIDE}*`} | ${cells.join(' | ')} |`);
  }
  for (const row of coverageRows(matrix))
    lines.push(`| *${markdownCell(row.label)}* | ${row.cells.map(markdownCell).join(' | ')} |`);
  lines.push(
    '',
    '## Targets',
    '',
    '| target | base URL | profile | contract | runner | run at | report |',
    '|---|---|---|---|---|---|---|',
  );
  for (const c of matrix.columns) {
    const at = c.aborted ? `${c.startedAt} (stopped: ${c.aborted})` : c.startedAt;
    lines.push(
      `| ${[c.id, `\`${c.baseUrl}\``, c.profile, c.contractVersion, c.runner, at, c.source].map(markdownCell).join(' | ')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem; color: #1d2327; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d0d7de; padding: .35rem .6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.pass { background: #e6f4ea; } td.fail { background: #fde7e9; } td.skip { background: #f3f4f6; color: #57606a; } td.error { background: #fff4ce; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
ul { margin: .25rem 0 0; padding-left: 1.1rem; }
.note { color: #57606a; }
`;

/** The matrix as a self-contained HTML page: inline CSS, no scripts, no external resources, every text escaped. */
export function renderMatrixHtml(matrix: CompatibilityMatrix, title = 'Compatibility matrix'): string {
  const e = escapeHtml;
  const head = matrix.columns
    .map((c) => `<th scope="col">${e(c.id)}<br><span class="note">${e(c.profile)}</span></th>`)
    .join('');
  const body = matrix.rows
    .map((row) => {
      const cells = row.cells
        .map((cell) => {
          const texts = failingText(cell, (id) => `<code>${e(id)}</code>`);
          const items = cell.failing.map((f, i) => `<li${f.reason ? ` title="${e(f.reason)}"` : ''}>${texts[i]}</li>`);
          const counts = `<span class="note">${cell.passed} passed, ${cell.skipped} skipped</span>`;
          return `<td class="${cell.outcome}">${e(SYMBOL[cell.outcome])}<br>${counts}${items.length > 0 ? `<ul>${items.join('')}</ul>` : ''}</td>`;
        })
        .join('');
      return `<tr><th scope="row">${row.model === null ? `<em>${e(TARGET_WIDE)}</em>` : e(row.model)}</th>${cells}</tr>`;
    })
    .concat(
      coverageRows(matrix).map(
        (row) =>
          `<tr class="coverage"><th scope="row"><em>${e(row.label)}</em></th>${row.cells.map((v) => `<td>${e(v)}</td>`).join('')}</tr>`,
      ),
    )
    .join('\n');
  const targets = matrix.columns
    .map(
      (c) =>
        `<tr>${[c.id, c.baseUrl, c.profile, c.contractVersion, c.runner, c.aborted ? `${c.startedAt} (stopped: ${c.aborted})` : c.startedAt, c.source].map((v) => `<td>${e(v)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${e(title)}</h1>
<p class="note">Each cell: the conformance cases of that model on that target. Failing case ids are MUST unless marked; hover one for the reason.</p>
<table>
<thead><tr><th scope="col">model</th>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
<h2>Targets</h2>
<table>
<thead><tr><th>target</th><th>base URL</th><th>profile</th><th>contract</th><th>runner</th><th>run at</th><th>report</th></tr></thead>
<tbody>
${targets}
</tbody>
</table>
</body>
</html>
`;
}
