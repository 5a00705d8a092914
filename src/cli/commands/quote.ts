import type { Command } from 'commander';
import { PricingError, quoteAny } from '../../pricing/index.js';
import { DEFAULT_REGION, REGION_IDS } from '../../contract/regions.js';
import { CliError, out, outJson } from '../output.js';

/** `wan-contract quote`: the exact price of one task. */
export function registerQuote(program: Command): void {
  program
    .command('quote')
    .description('price one task exactly, from the official price table')
    .argument('<model>', 'model id, e.g. wan2.2-t2v-plus')
    .option('--resolution <tier>', "resolution tier (default: the model's default)")
    .option('--duration <seconds>', "seconds of output (default: the model's default)")
    .option('--region <region>', `price table: ${REGION_IDS.join(' or ')} (default ${DEFAULT_REGION})`)
    .option('--json', 'print the quote as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ wan-contract quote wan2.2-t2v-plus --resolution 1080P --duration 5\n  $ wan-contract quote wan2.2-s2v --resolution 480P --duration 18.13 --json\n  $ wan-contract quote wan2.2-t2v-plus --resolution 1080P --region ap-southeast-1',
    )
    .action((model: string, options: { resolution?: string; duration?: string; region?: string; json?: boolean }) => {
      try {
        const q = quoteAny({
          model,
          resolution: options.resolution,
          duration: options.duration,
          region: options.region,
        });
        if (options.json) return outJson(q);
        const sign = q.currency === 'CNY' ? '¥' : '$';
        out(
          `${q.model} ${q.resolution} ${q.seconds} s × ${sign}${q.unitPrice}/s = ${sign}${q.amount} ${q.currency}${q.region === DEFAULT_REGION ? '' : ` (${q.region})`}`,
        );
      } catch (error) {
        if (error instanceof PricingError)
          throw new CliError(error.message, 2, 'run `wan-contract models` to see every model, resolution and price');
        throw error;
      }
    });
}
