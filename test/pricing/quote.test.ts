import { describe, expect, test } from 'vitest';
import { MODELS, MODEL_IDS, resolutionsOf } from '../../src/contract/models.js';
import { PricingError, quoteAny } from '../../src/pricing/index.js';
import { formatDecimal, parseDecimal, roundHalfUp, secondsText } from '../../src/pricing/money.js';

describe('quote', () => {
  test('bills 5 s of 1080P wan2.2-t2v-plus at 3.50 CNY', () => {
    expect(quoteAny({ model: 'wan2.2-t2v-plus', resolution: '1080P', duration: 5 })).toEqual({
      model: 'wan2.2-t2v-plus',
      resolution: '1080P',
      region: 'cn-beijing',
      unitPrice: '0.70',
      seconds: '5',
      amount: '3.50',
      amountMinor: 350,
      priceSource: 'registry',
      exactAmount: '3.5000000',
      currency: 'CNY',
      basis: 'exact',
    });
  });

  test.each([
    { given: { model: 'wan2.5-t2v-preview', resolution: '480P', duration: 10 }, want: '3.00' },
    { given: { model: 'wan2.5-t2v-preview', resolution: '720P', duration: 5 }, want: '3.00' },
    { given: { model: 'wan2.5-i2v-preview', resolution: '1080P', duration: 10 }, want: '10.00' },
    { given: { model: 'wan2.2-i2v-plus', resolution: '480P', duration: 5 }, want: '0.70' },
    { given: { model: 'wan2.2-i2v-flash', resolution: '720P', duration: 5 }, want: '1.00' },
    { given: { model: 'wan2.2-kf2v-flash', resolution: '1080P', duration: 5 }, want: '2.40' },
    { given: { model: 'wan2.2-s2v', resolution: '720P', duration: 18.13 }, want: '16.32' },
    { given: { model: 'wan2.2-s2v', resolution: '480P', duration: '18.13' }, want: '9.07' },
    { given: { model: 'wan2.2-s2v', resolution: '480P', duration: 0.01 }, want: '0.01' },
    { given: { model: 'wan2.2-s2v', resolution: '480P', duration: 0.009 }, want: '0.00' },
    { given: { model: 'wan2.2-s2v', resolution: '480P', duration: 1.0001 }, want: '0.50' },
  ])('prices $given.model $given.resolution $given.duration s at $want CNY', ({ given, want }) => {
    expect(quoteAny(given).amount).toBe(want);
  });

  test('uses the model default resolution and duration when none is given', () => {
    const q = quoteAny({ model: 'wan2.2-i2v-flash' });
    expect([q.resolution, q.seconds, q.amount]).toEqual([MODELS['wan2.2-i2v-flash'].defaultResolution, '5', '1.00']);
  });

  test('keeps amountMinor equal to the amount in fen for every model and resolution', () => {
    for (const model of MODEL_IDS.filter((m) => MODELS[m].unpriced === null)) {
      for (const resolution of resolutionsOf(model)) {
        const q = quoteAny({ model, resolution, duration: model === 'wan2.2-s2v' ? 7.5 : 5 });
        expect(q.amountMinor).toBe(Number(q.amount.replace('.', '')));
      }
    }
  });

  test.each([
    { given: { model: 'wan9-t2v' }, code: 'unknown-model', text: 'model must be one of wan2.5-t2v-preview' },
    {
      given: { model: 'wan2.2-t2v-plus', resolution: '720P' },
      code: 'unsupported-resolution',
      text: 'wan2.2-t2v-plus: resolution must be 480P or 1080P, received "720P"',
    },
    {
      given: { model: 'wan2.2-i2v-flash', duration: 10 },
      code: 'invalid-duration',
      text: 'wan2.2-i2v-flash: duration must be 5, received 10',
    },
    {
      given: { model: 'wan2.5-t2v-preview', duration: 7 },
      code: 'invalid-duration',
      text: 'duration must be 5 or 10, received 7',
    },
    { given: { model: 'wan2.2-s2v', resolution: '480P', duration: 20 }, code: 'invalid-duration', text: 'under 20' },
    { given: { model: 'wan2.2-s2v', resolution: '480P' }, code: 'invalid-duration', text: 'received null' },
    {
      given: { model: 'wan2.2-s2v', resolution: '480P', duration: '18.13s' },
      code: 'invalid-number',
      text: 'duration must be a number of seconds written as digits',
    },
  ])('rejects $given with $code', ({ given, code, text }) => {
    let caught: unknown;
    try {
      quoteAny(given);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PricingError);
    expect((caught as PricingError).code).toBe(code);
    expect((caught as PricingError).message).toContain(text);
  });
});

describe('money', () => {
  test.each([
    { given: ['0.14', 4], want: 1400n },
    { given: ['18.13', 3], want: 18130n },
    { given: ['5', 3], want: 5000n },
    { given: ['1.500', 2], want: 150n },
  ] as const)('parses $given.0 at scale $given.1', ({ given, want }) => {
    expect(parseDecimal(given[0], given[1])).toBe(want);
  });

  test.each(['-1', '1e3', '0x10', '', '1.2.3', ' 5', '0.12345'])('refuses %j', (text) => {
    expect(() => parseDecimal(text, 4)).toThrow(PricingError);
  });

  test('rounds half away from zero once, at the fen', () => {
    expect(roundHalfUp(90650000n, 7, 2)).toBe(907n);
    expect(roundHalfUp(90649999n, 7, 2)).toBe(906n);
    expect(formatDecimal(907n, 2)).toBe('9.07');
    expect(formatDecimal(5n, 2)).toBe('0.05');
  });

  test('turns JSON numbers of seconds into their exact shortest text', () => {
    expect([
      secondsText(18.13),
      secondsText(5),
      secondsText(0.1 + 0.2),
      secondsText(1e21),
      secondsText(-1),
      secondsText(Number.NaN),
    ]).toEqual(['18.13', '5', '0.30000000000000004', '1000000000000000000000', undefined, undefined]);
  });
});
