import { Type, type TSchema } from '@sinclair/typebox';
import { MODELS, MODEL_IDS, resolutionsOf, type ModelId } from '../models.js';
import { REGIONS, REGION_IDS } from '../regions.js';
import { Enum } from './common.js';

/** A price per second as an exact decimal string (never a JSON number, which is a binary float). */
const DecimalPrice = Type.String({
  pattern: '^\\d+(\\.\\d{1,4})?$',
  description: 'Price per second as a decimal string, at most 4 decimals: "0.60".',
  examples: ['0.60'],
});

/** A tier's price: one decimal string, or `{audio, silent}` for a model whose price depends on `parameters.audio`. */
function tierPrice(model: ModelId): TSchema {
  if (MODELS[model].audio !== 'switchable') return DecimalPrice;
  return Type.Object(
    { audio: DecimalPrice, silent: DecimalPrice },
    { additionalProperties: false, description: 'With sound (parameters.audio true, the default) and silent.' },
  );
}

function modelPrices(model: ModelId): TSchema {
  return Type.Object(Object.fromEntries(resolutionsOf(model).map((tier) => [tier, Type.Optional(tierPrice(model))])), {
    additionalProperties: false,
    description: `${model}: price per tier.`,
  });
}

/**
 * The JSON Schema of a price overlay file (`--prices FILE`): one region's prices, or an array of them. Published as
 * `spec/price-overlay.schema.json`; `parsePriceOverlay` checks the same rules (and that a model is offered in the
 * region, which this schema leaves to it).
 */
export function priceOverlaySchema(): Record<string, unknown> {
  const overlay = Type.Object(
    {
      $schema: Type.Optional(Type.String()),
      region: Enum(REGION_IDS, { description: 'The region whose prices these are.' }),
      currency: Enum([...new Set(REGION_IDS.map((r) => REGIONS[r].currency))], {
        description: `The region's currency: ${REGION_IDS.map((r) => `${r} ${REGIONS[r].currency}`).join(', ')}.`,
      }),
      prices: Type.Object(Object.fromEntries(MODEL_IDS.map((m) => [m, Type.Optional(modelPrices(m))])), {
        additionalProperties: false,
      }),
    },
    { additionalProperties: false, title: 'PriceOverlay' },
  );
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Wan video price overlay',
    description:
      'Per-second prices an operator knows for models without a published official price (or its own prices), shaped like a region of registry.json.',
    oneOf: [overlay, Type.Array(overlay, { minItems: 1 })],
    examples: [
      {
        region: 'cn-beijing',
        currency: 'CNY',
        prices: {
          [MODEL_IDS.find((m) => MODELS[m].unpriced !== null) ?? MODEL_IDS[0]!]: { '720P': '0.60', '1080P': '1.00' },
        },
      },
    ],
  };
}
