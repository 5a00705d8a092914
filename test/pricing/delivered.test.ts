import { describe, expect, test } from 'vitest';
import type { TaskResponse } from '../../src/contract/schemas/task.js';
import { billDelivered, compareDelivery, deliveryTerms, tierOfDimensions } from '../../src/pricing/delivered.js';

const succeeded = (usage: Record<string, unknown>): TaskResponse =>
  ({
    request_id: 'r',
    output: { task_id: 't', task_status: 'SUCCEEDED', video_url: 'https://cdn.example.com/v.mp4' },
    usage,
  }) as TaskResponse;

const t2v = { model: 'wan2.5-t2v-preview', parameters: { resolution: '1080P', duration: 10 } };
const i2v = { model: 'wan2.2-i2v-flash', parameters: { resolution: '720P', duration: 5 } };
const s2v = { model: 'wan2.2-s2v', parameters: { resolution: '480P' } };

describe('deliveryTerms', () => {
  test.each([
    { given: [t2v, 'crazyrouter'], want: { tier: '1080P', size: '1920*1080', exact: true, seconds: '10' } },
    {
      given: [{ model: 'wan2.5-t2v-preview', parameters: { size: '1080*1920', duration: 5 } }, 'dashscope'],
      want: { tier: '1080P', size: '1080*1920', exact: true, seconds: '5' },
    },
    { given: [i2v, 'crazyrouter'], want: { tier: '720P', size: '1280*720', exact: false, seconds: '5' } },
  ] as const)('$want.size for $given.0.model', ({ given: [request, profile], want }) => {
    const { terms } = deliveryTerms(request, succeeded({ video_duration: Number(want.seconds) }), { profile });
    expect(terms).toMatchObject(want);
  });

  test('binds a video that follows its audio to the billed seconds', () => {
    const { terms } = deliveryTerms(s2v, succeeded({ duration: 12.34 }));
    expect(terms).toMatchObject({ seconds: '12.34', secondsFrom: 'bill' });
  });
});

describe('compareDelivery', () => {
  const terms = (request: typeof t2v | typeof i2v | typeof s2v, usage: Record<string, unknown>) =>
    deliveryTerms(request, succeeded(usage)).terms;
  test.each([
    {
      name: 'the bought video',
      request: t2v,
      usage: { video_duration: 10 },
      facts: [1920, 1080, 10, 1 / 24],
      want: [],
    },
    {
      name: 'a 720P file for 1080P',
      request: t2v,
      usage: { video_duration: 10 },
      facts: [1280, 720, 10, 1 / 24],
      want: ['billed-tier-mismatch'],
    },
    {
      name: 'portrait for landscape t2v',
      request: t2v,
      usage: { video_duration: 10 },
      facts: [1080, 1920, 10, 1 / 24],
      want: ['billed-tier-mismatch'],
    },
    {
      name: '5 s for 10 s',
      request: t2v,
      usage: { video_duration: 10 },
      facts: [1920, 1080, 5, 1 / 24],
      want: ['billed-length-mismatch'],
    },
    {
      name: 'one frame short',
      request: t2v,
      usage: { video_duration: 10 },
      facts: [1920, 1080, 10 - 1 / 24, 1 / 24],
      want: [],
    },
    {
      name: 'two frames short',
      request: t2v,
      usage: { video_duration: 10 },
      facts: [1920, 1080, 10 - 2 / 24, 1 / 24],
      want: ['billed-length-mismatch'],
    },
    {
      name: 'an i2v portrait at the tier',
      request: i2v,
      usage: { video_duration: 5 },
      facts: [720, 1280, 5, 1 / 30],
      want: [],
    },
    {
      name: 'an i2v video of another tier',
      request: i2v,
      usage: { video_duration: 5 },
      facts: [832, 480, 5, 1 / 30],
      want: ['billed-tier-mismatch'],
    },
    {
      name: 's2v at its billed seconds',
      request: s2v,
      usage: { duration: 12.34 },
      facts: [832, 480, 12.33, 1 / 25],
      want: [],
    },
    {
      name: 's2v shorter than billed',
      request: s2v,
      usage: { duration: 12.34 },
      facts: [832, 480, 10, 1 / 25],
      want: ['billed-length-mismatch'],
    },
  ] as const)('$name', ({ request, usage, facts: [width, height, durationSeconds, frameSeconds], want }) => {
    const found = compareDelivery(terms(request, usage), { width, height, durationSeconds, frameSeconds });
    expect(found.map((m) => m.code)).toEqual(want);
  });
});

describe('billDelivered', () => {
  test('bills the task and names how the video differs from the bill', () => {
    const bill = billDelivered(t2v, succeeded({ video_duration: 10 }), {
      width: 1280,
      height: 720,
      durationSeconds: 5,
      frameSeconds: 0.04,
    });
    expect(bill.amount).toBe(quoteAmount());
    expect(bill.delivered.mismatches.map((m) => m.message)).toMatchInlineSnapshot(`
      [
        "wan2.5-t2v-preview: billed 1080P at 1920×1080, the video is 1280×720 (720P)",
        "wan2.5-t2v-preview: billed 10 s (the billed seconds), the video lasts 5 s (one frame is 0.04 s)",
      ]
    `);
  });

  test('tierOfDimensions reads a contract size, else the short edge', () => {
    expect([tierOfDimensions(1632, 1248), tierOfDimensions(1080, 1440), tierOfDimensions(1000, 1000)]).toEqual([
      '1080P',
      '1080P',
      undefined,
    ]);
  });
});

function quoteAmount(): string {
  return billDelivered(t2v, succeeded({ video_duration: 10 }), {
    width: 1920,
    height: 1080,
    durationSeconds: 10,
    frameSeconds: 0.04,
  }).amount;
}
