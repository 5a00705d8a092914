import { MODELS, MODEL_IDS, resolutionsOf, type ModelId } from '../../src/contract/models.js';
import { acceptsResolutionField, PROFILE_IDS, type ProfileId } from '../../src/contract/profiles.js';
import { sizesOf } from '../../src/contract/resolutions.js';
import type { PythonApi, PythonEntry } from '../support/python-sdk.js';

/** Which mock a step talks to: tasks that finish at once, or tasks that stay PENDING for an hour. */
export type MockSpeed = 'fast' | 'slow';

/** One call of the driver (test/support/python/drive_video_synthesis.py), with what it must end with. */
export interface PythonStep {
  readonly id: string;
  readonly api: PythonApi;
  readonly entry: PythonEntry;
  readonly server: MockSpeed;
  readonly profile: ProfileId;
  readonly model?: ModelId;
  /** `required`: only what the model needs; `all`: every optional argument that applies; or a named scenario. */
  readonly args: string;
  readonly kwargs: Record<string, unknown>;
  readonly task_from?: string;
  /** What the official service would answer, checked by the test. */
  readonly expect: Expectation;
}

/** What a step must end with. */
export type Expectation =
  | { readonly kind: 'task'; readonly status: number; readonly taskStatus: string; readonly videoAt?: string }
  | { readonly kind: 'error'; readonly status: number; readonly code: string }
  | { readonly kind: 'canceled' }
  | {
      readonly kind: 'list';
      /** Tasks that match, counted from the plan's earlier steps. */
      readonly total: number;
      readonly pageSize: number;
      readonly model?: ModelId;
      readonly status?: string;
    }
  | { readonly kind: 'sdk-timeout' };

// A one-pixel PNG: the official API references accept images as data: URIs.
const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const MEDIA = {
  img_url: 'https://example.com/first-frame.png',
  first_frame_url: 'https://example.com/frame-start.png',
  last_frame_url: 'https://example.com/frame-end.png',
  image_url: 'https://example.com/portrait.png',
  audio_url: 'https://example.com/voice.mp3',
} as const;

/**
 * The SDK arguments of a model: only the required ones, or every optional one that applies to the model under the
 * profile. The SDK has no argument for s2v's `input.image_url` (it goes in `extra_input`), and routes only kf2v to
 * the image2video path by itself: s2v reaches its official path with `task="image2video"`, as the official s2v page
 * requires (wan-s2v-api: `POST …/services/aigc/image2video/video-synthesis`).
 */
export function sdkArguments(model: ModelId, profile: ProfileId, all: boolean): Record<string, unknown> {
  const entry = MODELS[model];
  const kwargs: Record<string, unknown> = { model };
  const input = [...entry.inputs.required, ...(all ? entry.inputs.optional : [])];
  if (all && profile === 'crazyrouter') input.push(...entry.pageOnly.input);
  for (const field of input) {
    if (field === 'prompt') kwargs.prompt = 'A paper boat drifts down a rain-soaked street';
    else if (field === 'negative_prompt') kwargs.negative_prompt = 'blur, low quality';
    // The s2v image is fetched by the service: a URL, never a data: URI (wan-s2v-api).
    else if (field === 'image_url') kwargs.extra_input = { image_url: MEDIA.image_url };
    else if (field === 'img_url') kwargs.img_url = all ? PIXEL : MEDIA.img_url;
    else kwargs[field] = MEDIA[field as keyof typeof MEDIA];
  }
  if (entry.capability === 'subject-reference' && (profile === 'dashscope' || all)) kwargs.task = 'image2video';
  if (!all) return kwargs;
  const tiers = resolutionsOf(model);
  const top = tiers[tiers.length - 1]!;
  if (acceptsResolutionField(profile, entry.capability)) kwargs.resolution = top;
  else kwargs.size = sizesOf([top])[0];
  if (entry.duration.mode === 'fixed') kwargs.duration = entry.duration.allowed[entry.duration.allowed.length - 1];
  else if (profile === 'crazyrouter') kwargs.duration = 5;
  if (entry.capability !== 'subject-reference') {
    kwargs.seed = 12345;
    kwargs.prompt_extend = false;
    kwargs.watermark = true;
  }
  if (entry.audio === 'generates') kwargs.audio = true;
  kwargs.extend_prompt = false;
  kwargs.workspace = 'ws-contract-test';
  return kwargs;
}

/**
 * The plan: every entry point, both APIs, every model, both profiles, required and all arguments. `window` is the
 * list window the list steps ask for (`YYYYMMDDhhmmss`, around the run).
 */
export function pythonPlan(window: { start: string; end: string }): PythonStep[] {
  const steps: PythonStep[] = [];
  for (const api of ['sync', 'aio'] as const) {
    for (const profile of PROFILE_IDS) {
      const cancels = profile === 'dashscope';
      // The SDK under test (1.26.2) predates wan2.6 and wan2.7: the first batch the profile lists.
      for (const model of MODEL_IDS.filter((m) => MODELS[m].protocol === 'legacy' && MODELS[m].unpriced === null)) {
        const videoAt =
          profile === 'dashscope' && MODELS[model].capability === 'subject-reference'
            ? 'output.results.video_url'
            : 'output.video_url';
        const id = (s: string) => `${api}:${profile}:${model}:${s}`;
        const base = { api, profile, model } as const;
        const required = sdkArguments(model, profile, false);
        const all = sdkArguments(model, profile, true);
        const succeeded = { kind: 'task', status: 200, taskStatus: 'SUCCEEDED', videoAt } as const;
        const pending = { kind: 'task', status: 200, taskStatus: 'PENDING' } as const;
        steps.push(
          {
            ...base,
            id: id('call-required'),
            entry: 'call',
            server: 'fast',
            args: 'required',
            kwargs: required,
            expect: succeeded,
          },
          { ...base, id: id('call-all'), entry: 'call', server: 'fast', args: 'all', kwargs: all, expect: succeeded },
          {
            ...base,
            id: id('async-required'),
            entry: 'async_call',
            server: 'fast',
            args: 'required',
            kwargs: required,
            expect: pending,
          },
          {
            ...base,
            id: id('wait'),
            entry: 'wait',
            server: 'fast',
            args: 'task',
            kwargs: {},
            task_from: id('async-required'),
            expect: succeeded,
          },
          {
            ...base,
            id: id('fetch-done'),
            entry: 'fetch',
            server: 'fast',
            args: 'task',
            kwargs: {},
            task_from: id('async-required'),
            expect: succeeded,
          },
          {
            ...base,
            id: id('async-all'),
            entry: 'async_call',
            server: 'slow',
            args: 'all',
            kwargs: all,
            expect: pending,
          },
          {
            ...base,
            id: id('fetch-pending'),
            entry: 'fetch',
            server: 'slow',
            args: 'task',
            kwargs: {},
            task_from: id('async-all'),
            expect: pending,
          },
          {
            ...base,
            id: id('cancel-pending'),
            entry: 'cancel',
            server: 'slow',
            args: 'task',
            kwargs: {},
            task_from: id('async-all'),
            expect: cancels ? { kind: 'canceled' } : { kind: 'error', status: 404, code: 'NotFound' },
          },
          {
            ...base,
            id: id('fetch-after-cancel'),
            entry: 'fetch',
            server: 'slow',
            args: 'task',
            kwargs: {},
            task_from: id('async-all'),
            expect: { kind: 'task', status: 200, taskStatus: cancels ? 'CANCELED' : 'PENDING' },
          },
        );
      }
      steps.push(...profileSteps(api, profile, window));
    }
  }
  return steps.map((step, i) =>
    step.expect.kind === 'list' ? { ...step, expect: countListed(step, steps.slice(0, i)) } : step,
  );
}

/** What a list step must find: the tasks the earlier steps created on its server and profile that match its filters. */
function countListed(step: PythonStep, before: readonly PythonStep[]): Expectation {
  const want = step.expect as Extract<Expectation, { kind: 'list' }>;
  const created = before.filter(
    (s) => (s.entry === 'call' || s.entry === 'async_call') && s.server === step.server && s.profile === step.profile,
  );
  const statusOf = (s: PythonStep) =>
    s.args === 'scenario fail' ? 'FAILED' : s.args === 'scenario stuck' ? 'RUNNING' : 'SUCCEEDED';
  const total = created.filter(
    (s) => (!want.model || s.model === want.model) && (!want.status || statusOf(s) === want.status),
  ).length;
  return { ...want, total };
}

/** Per profile and API: a failing task, a cancel of a running task, a bounded wait, the task list. */
function profileSteps(api: PythonApi, profile: ProfileId, window: { start: string; end: string }): PythonStep[] {
  const model: ModelId = 'wan2.2-t2v-plus';
  const id = (s: string) => `${api}:${profile}:${s}`;
  const base = { api, profile, model } as const;
  const prompt = { model, prompt: 'A paper boat' };
  const lists = profile === 'dashscope';
  const steps: PythonStep[] = [
    {
      ...base,
      id: id('call-failing'),
      entry: 'call',
      server: 'fast',
      args: 'scenario fail',
      kwargs: { ...prompt, headers: { 'X-Mock-Scenario': 'fail' } },
      expect: { kind: 'task', status: 200, taskStatus: 'FAILED' },
    },
    {
      ...base,
      id: id('async-running'),
      entry: 'async_call',
      server: 'fast',
      args: 'scenario stuck',
      kwargs: { ...prompt, headers: { 'X-Mock-Scenario': 'stuck' } },
      expect: { kind: 'task', status: 200, taskStatus: 'PENDING' },
    },
    {
      ...base,
      id: id('cancel-running'),
      entry: 'cancel',
      server: 'fast',
      args: 'task',
      kwargs: {},
      task_from: id('async-running'),
      // Official: only PENDING tasks can be canceled; anything else is 400 UnsupportedOperation (manage-asynchronous-tasks).
      expect: lists
        ? { kind: 'error', status: 400, code: 'UnsupportedOperation' }
        : { kind: 'error', status: 404, code: 'NotFound' },
    },
    {
      ...base,
      id: id('list-filtered'),
      entry: 'list',
      server: 'fast',
      args: 'model_name, status, page',
      kwargs: { model_name: model, status: 'SUCCEEDED', page_no: 2, page_size: 2 },
      expect: lists
        ? { kind: 'list', total: 0, pageSize: 2, model, status: 'SUCCEEDED' }
        : { kind: 'error', status: 404, code: 'NotFound' },
    },
    {
      ...base,
      id: id('list-window'),
      entry: 'list',
      server: 'fast',
      args: 'start_time, end_time, region, api_key_id',
      kwargs: {
        start_time: window.start,
        end_time: window.end,
        region: 'cn-beijing',
        api_key_id: '1',
        page_size: 100,
      },
      expect: lists ? { kind: 'list', total: 0, pageSize: 100 } : { kind: 'error', status: 404, code: 'NotFound' },
    },
  ];
  // The SDK's own bounded wait (wait_timeout): it gives up with a local 408 WaitTaskTimeout. Once per profile: it sleeps.
  if (api === 'sync')
    steps.push({
      ...base,
      id: id('wait-timeout'),
      entry: 'wait',
      server: 'fast',
      args: 'wait_timeout=1',
      kwargs: { wait_timeout: 1 },
      task_from: id('async-running'),
      expect: { kind: 'sdk-timeout' },
    });
  return steps;
}
