import { Command } from 'commander';
import { describe, expect, test } from 'vitest';
import { registerConform } from '../../src/cli/commands/conform.js';
import { parseCount } from '../../src/cli/output.js';
import type { TaskResponse } from '../../src/contract/schemas/task.js';
import { EvidenceCollector, parseCharge, parseRate, RateError } from '../../src/evidence/index.js';
import { PAGE_EXAMPLES } from '../../src/contract/examples.js';
import { billTask, PricingError, quoteAny, quoteRequest } from '../../src/pricing/index.js';
import { taskRecord } from '../evidence/records.js';

const S2V_480 = { model: 'wan2.2-s2v', parameters: { resolution: '480P' } } as const;
const T2V = { model: 'wan2.2-t2v-plus', parameters: { resolution: '1080P', duration: 5 } } as const;

const succeeded = (usage?: Record<string, unknown>): TaskResponse =>
  ({
    request_id: 'r-1',
    output: { task_id: 't-1', task_status: 'SUCCEEDED', video_url: 'https://example.com/v.mp4' },
    ...(usage ? { usage } : {}),
  }) as TaskResponse;

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof PricingError ? error.code : `untyped ${String(error)}`;
  }
  return undefined;
}

describe('seconds finer than the billing unit', () => {
  test('billTask: bills s2v usage.duration 18.1234 exactly and rounds only the amount', () => {
    const bill = billTask(S2V_480, succeeded({ duration: 18.1234 }));
    expect([bill.seconds, bill.exactAmount, bill.amount]).toEqual(['18.1234', '9.0617000', '9.06']);
  });

  test('billTask: bills 18.133333333 s of 720P s2v at 16.32', () => {
    const bill = billTask(
      { model: 'wan2.2-s2v', parameters: { resolution: '720P' } },
      succeeded({ duration: 18.133333333 }),
    );
    expect([bill.seconds, bill.exactAmount, bill.amount]).toEqual(['18.133333333', '16.31999999970', '16.32']);
  });

  test('quote: prices s2v seconds given with more than three decimals', () => {
    expect(quoteAny({ model: 'wan2.2-s2v', resolution: '480P', duration: '18.1234' }).amount).toBe('9.06');
  });

  test('evidence: prices a record finer than a millisecond and reads the lines after it', () => {
    const collector = new EvidenceCollector();
    const fine = taskRecord({ model: 'wan2.2-s2v', resolution: '480P', usageSeconds: 18.1234, charged: '9.06' });
    collector.addLine(JSON.stringify(fine), 1);
    collector.addLine(JSON.stringify(taskRecord({ model: 'wan2.2-t2v-plus', index: 2 })), 2);
    const report = collector.report();
    expect([report.records, report.billing.discrepancyCount, report.violations.count]).toEqual([2, 0, 0]);
  });
});

describe('malformed usage is never guessed', () => {
  test.each([
    { usage: { video_duration: '5' }, code: 'malformed-usage' },
    { usage: { video_duration: null }, code: 'malformed-usage' },
    { usage: { video_duration: Number.NaN }, code: 'malformed-usage' },
    { usage: { video_duration: -5 }, code: 'malformed-usage' },
    { usage: { video_duration: 0 }, code: 'zero-usage' },
    { usage: { duration: '18.13' }, code: 'malformed-usage' },
  ])('billTask: refuses usage $usage with $code', ({ usage, code }) => {
    expect(codeOf(() => billTask(T2V, succeeded(usage)))).toBe(code);
  });

  test('billTask: names the value it received for a malformed s2v usage.duration', () => {
    expect(() => billTask(S2V_480, succeeded({ duration: '18.13' }))).toThrowErrorMatchingInlineSnapshot(
      `[PricingError: usage.duration must be a number of seconds, received "18.13" (a string)]`,
    );
  });

  test('billTask: refuses a SUCCEEDED task whose usage reports zero seconds', () => {
    expect(() => billTask(S2V_480, succeeded({ duration: 0 }))).toThrowErrorMatchingInlineSnapshot(
      `[PricingError: wan2.2-s2v: a SUCCEEDED task must report more than 0 seconds, usage.duration is 0]`,
    );
  });

  test('billTask: bills a tiny usage written with an exponent exactly, not as malformed', () => {
    const bill = billTask(S2V_480, succeeded({ duration: 1.5e-7 }));
    expect([bill.seconds, bill.amount]).toEqual(['0.00000015', '0.00']);
  });

  test('billTask: refuses a status outside the contract', () => {
    const task = { request_id: 'r', output: { task_id: 't', task_status: 'succeeded' } } as unknown as TaskResponse;
    expect(codeOf(() => billTask(T2V, task))).toBe('unknown-status');
  });

  test('billTask: says what it assumed when usage reports no seconds', () => {
    const bill = billTask(T2V, succeeded({ video_count: 1 }));
    expect([bill.amount, bill.secondsSource, bill.warnings.map((w) => w.code)]).toEqual([
      '3.50',
      'request',
      ['no-usage-seconds'],
    ]);
  });
});

describe('one strict number parser', () => {
  test.each(['0x5', '5e0', ' 5', '+5', '5.', '.5', '', '5,0', 'Infinity'])(
    'quote: refuses the duration text %j with the parser message',
    (text) => {
      let error: unknown;
      try {
        quoteAny({ model: 'wan2.2-t2v-plus', duration: text });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PricingError);
      expect((error as PricingError).code).toBe('invalid-number');
      expect((error as PricingError).message).toBe(
        `duration must be a number of seconds written as digits with an optional decimal point, such as 5 or 18.13, received ${JSON.stringify(text)}`,
      );
    },
  );
});

describe('price what the upstream renders', () => {
  const t2v480 = { model: 'wan2.5-t2v-preview', parameters: { resolution: '480P', duration: 5 } } as const;

  test('quoteRequest: prices dashscope text-to-video at the default size the upstream renders', () => {
    const q = quoteRequest(t2v480, { profile: 'dashscope' });
    expect([q.resolution, q.amount]).toEqual(['1080P', '5.00']);
  });

  test('quoteRequest: prices crazyrouter text-to-video by parameters.resolution (the default profile)', () => {
    expect(quoteRequest(t2v480).amount).toBe('1.50');
  });

  test('billTask: prices dashscope text-to-video by size when resolution and size disagree', () => {
    const request = { model: 'wan2.5-t2v-preview', parameters: { resolution: '480P', size: '1280*720', duration: 5 } };
    const bill = billTask(request, succeeded({ video_duration: 5, SR: 720 }), { profile: 'dashscope' });
    expect([bill.resolution, bill.amount, bill.warnings]).toEqual(['720P', '3.00', []]);
  });

  test('billTask: names the difference when usage.SR reports another tier than the one priced', () => {
    const bill = billTask(t2v480, succeeded({ video_duration: 5, SR: 1080 }));
    expect(bill.warnings).toEqual([
      {
        code: 'resolution-mismatch',
        message: 'wan2.5-t2v-preview: usage.SR reports 1080 (1080P), the request is priced at 480P',
      },
    ]);
  });

  test('billTask: names the difference when usage.size reports another tier than the one priced', () => {
    const bill = billTask(S2V_480, succeeded({ duration: 7.5, size: '1280*720' }));
    expect(bill.warnings.map((w) => w.code)).toEqual(['resolution-mismatch']);
  });

  test('evidence: reports a usage.SR that disagrees with the priced tier as a usage mismatch', () => {
    const record = taskRecord({ model: 'wan2.2-t2v-plus', resolution: '480P' });
    ((record.final!.body as { usage: { SR: number } }).usage.SR as number) = 1080;
    const collector = new EvidenceCollector();
    collector.addLine(JSON.stringify(record), 1);
    expect(collector.report().violations.listed.map((v) => v.kind)).toEqual(['usage-mismatch']);
  });
});

describe('audio-driven quotes', () => {
  test('quoteRequest: pre-authorises the longest audio s2v accepts, as an upper bound', () => {
    const q = quoteRequest(PAGE_EXAMPLES['subject-reference']);
    expect([q.amount, q.seconds, q.basis]).toEqual(['18.00', '20', 'upper-bound']);
  });

  test('quoteRequest: prices s2v at the audio length when it is given', () => {
    const q = quoteRequest(PAGE_EXAMPLES['subject-reference'], { audioSeconds: '7.5' });
    expect([q.amount, q.seconds, q.basis]).toEqual(['6.75', '7.5', 'exact']);
  });

  test('quote: is exact for a fixed-length model', () => {
    expect(quoteAny({ model: 'wan2.2-t2v-plus' }).basis).toBe('exact');
  });
});

describe('evidence totals add up', () => {
  test('keeps unverifiable charges in their own column, out of the over-billed total', () => {
    const record = taskRecord({ model: 'wan2.2-s2v', resolution: '480P', charged: '5.00' });
    delete (record.final!.body as { usage: { duration?: number } }).usage.duration;
    const collector = new EvidenceCollector();
    collector.addLine(JSON.stringify(record), 1);
    collector.addLine(
      JSON.stringify(taskRecord({ model: 'wan2.2-s2v', resolution: '480P', charged: '6.25', index: 1 })),
      2,
    );
    const [totals] = collector.report().billing.totals;
    expect(totals).toMatchObject({
      charged: '11.25',
      billed: '6.25',
      unverifiable: '5.00',
      difference: '0.00',
      overBilled: '0.00',
      underBilled: '0.00',
    });
  });
});

describe('one strict number parser, everywhere', () => {
  const SHAPE =
    /^\S+ must be .+ written as digits with (an optional decimal point|no decimal point|at most \d+ decimals), such as .+, received .+$/;

  test.each([
    ['--task-timeout-s', '1.5'],
    ['--task-timeout-s', '6e2'],
    ['--poll-interval-ms', ' 100'],
  ])('parseCount: refuses %s %j with the parser message', (flag, text) => {
    let message = '';
    try {
      parseCount(flag, text);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(SHAPE);
    expect(message.startsWith(`${flag} must be a whole number`)).toBe(true);
  });

  test.each(['9e-1', ' 0.95', '.9', '0.95 '])('parseRate: refuses %j with the parser message', (text) => {
    expect(() => parseRate(text)).toThrowError(SHAPE);
  });

  test('parseRate: still refuses a rate over 1', () => {
    expect(() => parseRate('1.01')).toThrowError(RateError);
  });

  test('parseCharge: refuses a charged amount with the parser message', () => {
    expect(() => parseCharge('3.5e0')).toThrowErrorMatchingInlineSnapshot(
      `[ChargeError: charged.amount must be an amount in CNY written as digits with at most 7 decimals, such as 3.50, received "3.5e0"]`,
    );
  });

  test('conform: refuses --max-cost 12.5.0 with the parser message', async () => {
    const program = new Command().exitOverride();
    registerConform(program);
    const error = await program.parseAsync(['node', 'wan-contract', 'conform', '--max-cost', '12.5.0']).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toBe(
      '--max-cost must be an amount in CNY written as digits with at most 2 decimals, such as 5 or 12.50, received "12.5.0"',
    );
  });
});
