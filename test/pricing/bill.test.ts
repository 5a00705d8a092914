import { describe, expect, test } from 'vitest';
import { PAGE_EXAMPLES } from '../../src/contract/examples.js';
import type { TaskResponse } from '../../src/contract/schemas/task.js';
import { billTask, PricingError, quoteRequest } from '../../src/pricing/index.js';

const task = (status: TaskResponse['output']['task_status'], usage?: TaskResponse['usage']): TaskResponse => ({
  request_id: 'r-1',
  output: {
    task_id: 't-1',
    task_status: status,
    ...(status === 'SUCCEEDED' ? { video_url: 'https://example.com/v.mp4' } : {}),
  },
  ...(usage ? { usage } : {}),
});

describe('billTask', () => {
  test('bills a SUCCEEDED image-to-video task from usage.video_duration', () => {
    const bill = billTask(PAGE_EXAMPLES['image-to-video'], task('SUCCEEDED', { video_duration: 5, SR: 720 }));
    expect([bill.amount, bill.seconds, bill.secondsSource, bill.billable]).toEqual([
      '3.00',
      '5',
      'usage.video_duration',
      true,
    ]);
    expect(bill.amount).toBe(quoteRequest(PAGE_EXAMPLES['image-to-video']).amount);
  });

  test('bills s2v by its fractional usage.duration, rounded half-up to the fen', () => {
    const bill = billTask(PAGE_EXAMPLES['subject-reference'], task('SUCCEEDED', { duration: 18.13 }));
    expect([bill.seconds, bill.exactAmount, bill.amount, bill.amountMinor]).toEqual([
      '18.13',
      '16.3170000',
      '16.32',
      1632,
    ]);
  });

  test.each(['FAILED', 'CANCELED', 'UNKNOWN', 'PENDING', 'RUNNING'] as const)(
    'charges nothing for a %s task',
    (status) => {
      const bill = billTask(PAGE_EXAMPLES['first-last-frame'], task(status, { video_duration: 5 }));
      expect([bill.amount, bill.amountMinor, bill.billable, bill.status]).toEqual(['0.00', 0, false, status]);
    },
  );

  test('falls back to the requested duration when usage reports no seconds', () => {
    const bill = billTask(
      { model: 'wan2.5-t2v-preview', parameters: { resolution: '480P', duration: 10 } },
      task('SUCCEEDED'),
    );
    expect([bill.amount, bill.secondsSource]).toEqual(['3.00', 'request']);
  });

  test('prices text-to-video by the tier of parameters.size', () => {
    const bill = billTask(
      { model: 'wan2.2-t2v-plus', parameters: { size: '832*480' } },
      task('SUCCEEDED', { video_duration: 5 }),
    );
    expect([bill.resolution, bill.amount]).toEqual(['480P', '0.70']);
  });

  test('bills the seconds usage reports even when they disagree with the request', () => {
    const bill = billTask(
      { model: 'wan2.2-t2v-plus', parameters: { resolution: '1080P', duration: 5 } },
      task('SUCCEEDED', { video_duration: 10 }),
    );
    expect(bill.amount).toBe('7.00');
    expect(bill.amount).not.toBe(
      quoteRequest({ model: 'wan2.2-t2v-plus', parameters: { resolution: '1080P', duration: 5 } }).amount,
    );
  });

  test('refuses a SUCCEEDED s2v task that reports no seconds and asked for none', () => {
    expect(() => billTask({ model: 'wan2.2-s2v', parameters: { resolution: '480P' } }, task('SUCCEEDED'))).toThrow(
      PricingError,
    );
  });
});
