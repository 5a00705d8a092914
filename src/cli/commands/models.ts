import type { Command } from 'commander';
import { MODELS, MODEL_IDS, resolutionsOf } from '../../contract/models.js';
import { CAPABILITIES } from '../../contract/capabilities.js';
import { detailsTable, firstBatchTable, pricesTable, STATUS_LABELS } from '../../openapi/tables.js';
import { out, outJson } from '../output.js';

/** `wan-contract models`: the registry as a table, JSON or the page's Markdown tables. */
export function registerModels(program: Command): void {
  program
    .command('models')
    .description('print the model registry: capabilities, states, resolutions and official prices')
    .option('--json', 'print the registry as JSON')
    .option(
      '--markdown',
      "print the page's two tables (First-Batch Models, Capabilities And Official Prices) and the details",
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ wan-contract models\n  $ wan-contract models --markdown\n  $ wan-contract models --json',
    )
    .action((options: { json?: boolean; markdown?: boolean }) => {
      if (options.json) return outJson(MODELS);
      if (options.markdown) {
        out('## First-Batch Models\n');
        out(firstBatchTable());
        out('\n## Capabilities And Official Prices\n');
        out(pricesTable());
        out('\n## Model details\n');
        out(detailsTable());
        return;
      }
      const rows = MODEL_IDS.map((id) => {
        const m = MODELS[id];
        const prices: Partial<Record<string, string>> = m.prices;
        return [
          id,
          CAPABILITIES[m.capability].label,
          STATUS_LABELS[m.status],
          resolutionsOf(id)
            .map((r) => `${r} ¥${prices[r]}/s`)
            .join('  '),
        ];
      });
      const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
      for (const row of rows) out(row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  '));
    });
}
