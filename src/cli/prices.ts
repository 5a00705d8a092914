import { readFileSync } from 'node:fs';
import { MODELS, type ModelId } from '../contract/models.js';
import { PricingError, readPriceOverlays, unitPriceOf, usePriceOverlays } from '../pricing/index.js';
import { CliError } from './output.js';

/** The help text of `--prices FILE`, shared by quote, conform, proxy and evidence. */
export const PRICES_OPTION_HELP =
  'a price overlay (JSON, spec/price-overlay.schema.json): your own per-second prices for one region, used where no official price is published';

/**
 * Loads `--prices FILE` and makes it the prices of every quote and bill of this command; nothing when the flag is
 * absent. A missing file or an invalid overlay is a usage error (exit 2) naming what was expected.
 */
export function loadPricesOption(file: string | undefined): void {
  if (file === undefined) return;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new CliError(`--prices: cannot read ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, 2);
  }
  try {
    usePriceOverlays(readPriceOverlays(text, file));
  } catch (error) {
    if (error instanceof PricingError)
      throw new CliError(
        `--prices ${file}: ${error.message}`,
        2,
        'for example: {"region":"cn-beijing","currency":"CNY","prices":{"<model>":{"720P":"0.60"}}}',
      );
    throw error;
  }
}

/** The exit code of a pricing error: 1 when the price is not published (a fact, not a mistake), else 2. */
export function pricingExitCode(error: PricingError): number {
  return error.code === 'unpriced' ? 1 : 2;
}

/**
 * A run that bills tasks needs each task's price: a selected model without a published price (and no overlay for
 * it) stops the run before anything is sent, with the reason and the way out.
 */
export function refuseUnpriced(models: readonly ModelId[] | undefined): void {
  for (const model of models ?? []) {
    try {
      unitPriceOf(model, MODELS[model].defaultResolution);
    } catch (error) {
      if (!(error instanceof PricingError) || error.code !== 'unpriced') throw error;
      throw new CliError(
        `refusing to run a paid task of ${model}: ${error.message}`,
        2,
        'pass its prices with --prices FILE (spec/price-overlay.schema.json), or leave it out of --models',
      );
    }
  }
}
