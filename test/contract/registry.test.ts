import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, expectTypeOf, test } from 'vitest';
import { CAPABILITIES } from '../../src/contract/capabilities.js';
import {
  MODELS,
  MODEL_IDS,
  modelsOf,
  resolutionsOf,
  type ModelId,
  type ResolutionOf,
  modelsOfProfile,
} from '../../src/contract/models.js';
import { submitPathOf } from '../../src/contract/operations.js';
import { PROFILES, resultLocationOf } from '../../src/contract/profiles.js';
import { RESOLUTIONS, tierOfSize } from '../../src/contract/resolutions.js';
import { isForwardTransition, isTerminalStatus, TASK_STATUSES } from '../../src/contract/statuses.js';
import type { SubmitRequest } from '../../src/contract/schemas/submit.js';

describe('MODELS', () => {
  test('holds the seven first-batch models, two of them Beta', () => {
    const page = modelsOfProfile('crazyrouter');
    expect(page).toHaveLength(7);
    expect(page.filter((id) => MODELS[id].status === 'beta')).toEqual(['wan2.2-kf2v-flash', 'wan2.2-s2v']);
    // wan2.6 and wan2.7 are official only, and start as Beta.
    expect(MODEL_IDS.filter((id) => !page.includes(id)).every((id) => MODELS[id].status === 'beta')).toBe(true);
  });

  test('prices every listed resolution as an exact decimal string and defaults to one of them', () => {
    for (const id of MODEL_IDS) {
      const prices: Record<string, string> = MODELS[id].prices;
      for (const price of Object.values(prices)) expect(price).toMatch(/^\d+\.\d{2}$/);
      expect(resolutionsOf(id)).toContain(MODELS[id].defaultResolution);
      expect(resolutionsOf(id).every((r) => RESOLUTIONS.includes(r))).toBe(true);
    }
  });

  test('groups the models by capability as the page does', () => {
    expect(
      Object.fromEntries(
        Object.keys(CAPABILITIES).map((c) => [
          c,
          modelsOf(c as keyof typeof CAPABILITIES).filter((m) => modelsOfProfile('crazyrouter').includes(m)),
        ]),
      ),
    ).toEqual({
      'text-to-video': ['wan2.5-t2v-preview', 'wan2.2-t2v-plus'],
      'image-to-video': ['wan2.5-i2v-preview', 'wan2.2-i2v-plus', 'wan2.2-i2v-flash'],
      'first-last-frame': ['wan2.2-kf2v-flash'],
      'subject-reference': ['wan2.2-s2v'],
      'reference-to-video': [],
    });
  });

  test('derives precise static types from the data', () => {
    expectTypeOf<ResolutionOf<'wan2.2-t2v-plus'>>().toEqualTypeOf<'480P' | '1080P'>();
    expectTypeOf<ModelId>().toEqualTypeOf<keyof typeof MODELS>();
    expectTypeOf<SubmitRequest<'wan2.2-i2v-plus'>['input']['img_url']>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<SubmitRequest<'wan2.5-t2v-preview'>['parameters']>['duration']>().toEqualTypeOf<
      5 | 10 | undefined
    >();
  });
});

describe('profiles', () => {
  test.each([
    {
      model: 'wan2.2-kf2v-flash',
      crazyrouter: '/services/aigc/video-generation/video-synthesis',
      dashscope: '/services/aigc/image2video/video-synthesis',
    },
    {
      model: 'wan2.2-s2v',
      crazyrouter: '/services/aigc/video-generation/video-synthesis',
      dashscope: '/services/aigc/image2video/video-synthesis',
    },
    {
      model: 'wan2.5-t2v-preview',
      crazyrouter: '/services/aigc/video-generation/video-synthesis',
      dashscope: '/services/aigc/video-generation/video-synthesis',
    },
  ] as const)('submits $model where each profile says', ({ model, crazyrouter, dashscope }) => {
    expect([submitPathOf('crazyrouter', model), submitPathOf('dashscope', model)]).toEqual([crazyrouter, dashscope]);
  });

  test('reads the s2v result at output.video_url on the page and output.results.video_url upstream', () => {
    expect([
      resultLocationOf('crazyrouter', 'subject-reference'),
      resultLocationOf('dashscope', 'subject-reference'),
      resultLocationOf('dashscope', 'image-to-video'),
    ]).toEqual(['output.video_url', 'output.results.video_url', 'output.video_url']);
    expect([PROFILES.crazyrouter.basePath, PROFILES.dashscope.basePath]).toEqual(['/alibailian/api/v1', '/api/v1']);
  });
});

describe('statuses', () => {
  test('move only forward and never leave a terminal status', () => {
    expect(isForwardTransition('PENDING', 'RUNNING')).toBe(true);
    expect(isForwardTransition('RUNNING', 'PENDING')).toBe(false);
    expect(isForwardTransition('SUCCEEDED', 'SUCCEEDED')).toBe(true);
    expect(isForwardTransition('SUCCEEDED', 'FAILED')).toBe(false);
    expect(TASK_STATUSES.filter(isTerminalStatus)).toEqual(['SUCCEEDED', 'FAILED', 'CANCELED', 'UNKNOWN']);
    expect(isTerminalStatus('succeeded')).toBe(false);
  });

  test('map every official size to its tier', () => {
    expect([tierOfSize('832*480'), tierOfSize('1088*832'), tierOfSize('1248*1632'), tierOfSize('1024*1024')]).toEqual([
      '480P',
      '720P',
      '1080P',
      undefined,
    ]);
  });
});

describe('the registry entry', () => {
  const loadedCjs = (entry: string) => {
    const script = [
      `await import(${JSON.stringify(pathToFileURL(resolve(entry)).href)});`,
      `const { createRequire } = await import('node:module');`,
      `const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => /node_modules[\\\\/](ajv|ajv-formats)[\\\\/]/.test(k));`,
      `process.stdout.write(JSON.stringify(loaded.length));`,
    ].join('\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    return Number(run.stdout);
  };

  test('imports without loading ajv', () => {
    expect(loadedCjs('src/registry.ts')).toBe(0);
  });

  test('differs from the schemas entry, which does load ajv', () => {
    expect(loadedCjs('src/schemas.ts')).toBeGreaterThan(0);
  });
});
