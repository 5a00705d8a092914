import type { Command } from 'commander';
import { PricingError, quoteAny } from '../../pricing/index.js';
import { DEFAULT_REGION, REGION_IDS } from '../../contract/regions.js';
import { CliError, out, outJson } from '../output.js';
import { loadPricesOption, pricingExitCode, PRICES_OPTION_HELP } from '../prices.js';

interface QuoteOptions {
  resolution?: string;
  duration?: string;
  region?: string;
  silent?: boolean;
  prices?: string;
  json?: boolean;
}

/** `wan-contract quote`: the exact price of one task. */
export function registerQuote(program: Command): void {
  program
    .command('quote')
    .description('price one task exactly, from the official price table')
    .argument('<model>', 'model id, e.g. wan2.2-t2v-plus')
    .option('--resolution <tier>', "resolution tier (default: the model's default)")
    .option('--duration <seconds>', "seconds of output (default: the model's default)")
    .option('--region <region>', `price table: ${REGION_IDS.join(' or ')} (default ${DEFAULT_REGION})`)
    .option('--silent', 'price a silent video (models with an audio switch: parameters.audio false)')
    .option('--prices <file>', PRICES_OPTION_HELP)
    .option('--json', 'print the quote as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ wan-contract quote wan2.2-t2v-plus --resolution 1080P --duration 5\n  $ wan-contract quote wan2.2-s2v --resolution 480P --duration 18.13 --json\n  $ wan-contract quote wan2.2-t2v-plus --resolution 1080P --region ap-southeast-1\n  $ wan-contract quote wan2.6-i2v-flash --resolution 720P --silent --prices overlay.json',
    )
    .action((model: string, options: QuoteOptions) => {
      loadPricesOption(options.prices);
      try {
        const q = quoteAny({
          model,
          resolution: options.resolution,
          duration: options.duration,
          region: options.region,
          ...(options.silent ? { audio: false } : {}),
        });
        if (options.silent && q.audio === undefined)
          throw new CliError(`--silent: ${q.model} has no audio switch; its price does not depend on audio`, 2);
        if (options.json) return outJson(q);
        const sign = q.currency === 'CNY' ? '¥' : '$';
        const notes = [
          ...(q.audio ? [q.audio === 'silent' ? 'silent' : 'with audio'] : []),
          ...(q.region === DEFAULT_REGION ? [] : [q.region]),
          ...(q.priceSource === 'overlay' ? ['price overlay'] : []),
        ];
        out(
          `${q.model} ${q.resolution} ${q.seconds} s × ${sign}${q.unitPrice}/s = ${sign}${q.amount} ${q.currency}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`,
        );
      } catch (error) {
        if (error instanceof PricingError)
          throw new CliError(
            error.message,
            pricingExitCode(error),
            error.code === 'unpriced'
              ? 'pass your own prices with --prices FILE (spec/price-overlay.schema.json)'
              : 'run `wan-contract models` to see every model, resolution and price',
          );
        throw error;
      }
    });
}
