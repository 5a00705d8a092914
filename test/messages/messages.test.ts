import { describe, expect, test } from 'vitest';
import { PricingError } from '../../src/pricing/errors.js';
import { quoteAny } from '../../src/pricing/quote.js';
import { validateSubmitRequest } from '../../src/validate/submit.js';

// The messages a person reads to fix a request, pinned word for word: a change to any of them shows in review.

function pricingMessage(input: Parameters<typeof quoteAny>[0]): string {
  try {
    quoteAny(input);
  } catch (error) {
    if (error instanceof PricingError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('quoteAny accepted the input');
}

function submitMessages(body: unknown, profile: 'crazyrouter' | 'dashscope' = 'crazyrouter'): string[] {
  const result = validateSubmitRequest(body, { profile });
  if (result.ok) throw new Error('validateSubmitRequest accepted the body');
  return result.errors.map((e) => `${e.path} ${e.code}: ${e.message}`);
}

describe('quote error messages', () => {
  test('names the models on an unknown model', () => {
    expect(pricingMessage({ model: 'wan9-nope', resolution: '720P', duration: 5 })).toMatchInlineSnapshot(
      `"unknown-model: model must be one of wan2.5-t2v-preview, wan2.5-i2v-preview, wan2.2-t2v-plus, wan2.2-i2v-plus, wan2.2-i2v-flash, wan2.2-kf2v-flash, wan2.2-s2v, wan2.6-t2v, wan2.6-i2v, wan2.6-i2v-flash, wan2.6-r2v, wan2.6-r2v-flash, wan2.6-t2v-us, wan2.6-i2v-us, wan2.7-t2v, wan2.7-t2v-2026-04-25, wan2.7-i2v, wan2.7-i2v-2026-04-25 or wan2.7-r2v, received "wan9-nope""`,
    );
  });

  test('names the tiers on a resolution the model does not offer', () => {
    expect(pricingMessage({ model: 'wan2.2-t2v-plus', resolution: '720P', duration: 5 })).toMatchInlineSnapshot(
      `"unsupported-resolution: wan2.2-t2v-plus: resolution must be 480P or 1080P, received "720P""`,
    );
  });

  test('names the allowed durations on a wan2.2 model asked for 10 s', () => {
    expect(pricingMessage({ model: 'wan2.2-i2v-flash', resolution: '480P', duration: 10 })).toMatchInlineSnapshot(
      `"invalid-duration: wan2.2-i2v-flash: duration must be 5, received 10"`,
    );
  });

  test('says what a duration must look like when it is not a number', () => {
    expect(pricingMessage({ model: 'wan2.2-t2v-plus', resolution: '480P', duration: '5s' })).toMatchInlineSnapshot(
      `"invalid-number: duration must be a number of seconds written as digits with an optional decimal point, such as 5 or 18.13, received "5s""`,
    );
  });
});

describe('validateSubmitRequest error messages', () => {
  test('createVideoTask: rejects 720P on wan2.2-t2v-plus', () => {
    expect(submitMessages({ model: 'wan2.2-t2v-plus', input: { prompt: 'a cat' }, parameters: { resolution: '720P' } }))
      .toMatchInlineSnapshot(`
      [
        "parameters.resolution enum: wan2.2-t2v-plus: resolution must be 480P or 1080P, received "720P"",
      ]
    `);
  });

  test('createVideoTask: rejects 10 s on wan2.2-i2v-plus', () => {
    expect(
      submitMessages({
        model: 'wan2.2-i2v-plus',
        input: { prompt: 'a cat', img_url: 'https://example.com/cat.png' },
        parameters: { duration: 10 },
      }),
    ).toMatchInlineSnapshot(`
      [
        "parameters.duration enum: wan2.2-i2v-plus: duration must be 5, received 10",
      ]
    `);
  });

  test('createVideoTask: rejects an image-to-video request without img_url', () => {
    expect(submitMessages({ model: 'wan2.5-i2v-preview', input: { prompt: 'a cat' } })).toMatchInlineSnapshot(`
      [
        "input.img_url required: wan2.5-i2v-preview: input.img_url is required",
      ]
    `);
  });

  test('createVideoTask: rejects an unknown model', () => {
    expect(submitMessages({ model: 'wan9-nope', input: { prompt: 'a cat' } })).toMatchInlineSnapshot(`
      [
        "model unknown-model: model must be one of wan2.5-t2v-preview, wan2.5-i2v-preview, wan2.2-t2v-plus, wan2.2-i2v-plus, wan2.2-i2v-flash, wan2.2-kf2v-flash or wan2.2-s2v, received "wan9-nope"",
      ]
    `);
  });
});
