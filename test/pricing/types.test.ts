import { describe, expectTypeOf, test } from 'vitest';
import type { ModelId } from '../../src/contract/models.js';
import { quote, quoteAny, type Quote, type TypedQuoteInput } from '../../src/pricing/index.js';

// tsc type-checks this file (npm run typecheck): every @ts-expect-error line must be a compile error, or tsc fails.
describe('quote types', () => {
  test('accepts a registry model with one of its tiers and durations', () => {
    expectTypeOf(quote).parameter(0).toEqualTypeOf<TypedQuoteInput>();
    expectTypeOf(quote({ model: 'wan2.2-t2v-plus', resolution: '1080P', duration: 5 })).toEqualTypeOf<Quote>();
    expectTypeOf({
      model: 'wan2.2-s2v',
      resolution: '720P',
      duration: 18.13,
    } as const).toMatchTypeOf<TypedQuoteInput>();
    expectTypeOf({
      model: 'wan2.5-t2v-preview',
      duration: 10,
      region: 'ap-southeast-1',
    } as const).toMatchTypeOf<TypedQuoteInput>();
  });

  test('refuses an unknown model, a missing tier and an impossible duration at compile time', () => {
    expectTypeOf({ model: 'wan9-nope', resolution: '720P', duration: 5 } as const).not.toMatchTypeOf<TypedQuoteInput>();
    expectTypeOf({ model: 'wan2.2-t2v-plus', resolution: '720P' } as const).not.toMatchTypeOf<TypedQuoteInput>();
    expectTypeOf({ model: 'wan2.2-i2v-flash', duration: 10 } as const).not.toMatchTypeOf<TypedQuoteInput>();
    expectTypeOf({ model: 'wan2.2-t2v-plus', region: 'mars-1' } as const).not.toMatchTypeOf<TypedQuoteInput>();
    const refuse = () => {
      // @ts-expect-error an unknown model
      quote({ model: 'wan9-nope', resolution: '720P', duration: 5 });
      // @ts-expect-error wan2.2-t2v-plus has no 720P tier
      quote({ model: 'wan2.2-t2v-plus', resolution: '720P' });
      // @ts-expect-error wan2.2 models last 5 s
      quote({ model: 'wan2.2-t2v-plus', duration: 10 });
      // @ts-expect-error a string read at run time goes through quoteAny
      quote({ model: 'wan2.2-t2v-plus' as string });
    };
    expectTypeOf(refuse).toBeFunction();
  });

  test('keeps a checked entry for strings read at run time', () => {
    const read: string = 'wan2.2-t2v-plus';
    expectTypeOf(quoteAny).parameter(0).toMatchTypeOf<{ model: string; resolution?: string | undefined }>();
    expectTypeOf(quoteAny({ model: read, resolution: '1080P', duration: '5' })).toEqualTypeOf<Quote>();
    expectTypeOf<Quote['model']>().toEqualTypeOf<ModelId>();
  });
});
