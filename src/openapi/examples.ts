import { MODELS, MODEL_IDS, resolutionsOf, type ModelId } from '../contract/models.js';
import { RESOLUTIONS } from '../contract/resolutions.js';
import { validateSubmitRequest } from '../validate/submit.js';
import { PAGE_EXAMPLES, exampleRequest } from '../contract/examples.js';
import { DEFAULT_PROFILE, PROFILES, resultLocationOf, type ProfileId } from '../contract/profiles.js';
import { quoteRequest } from '../pricing/bill.js';

type Example = { summary: string; value: unknown };

const REQUEST_ID = '7d3f2c1e-5b8a-4a4f-9d6e-2f1b0c9a8e71';
const TASK_ID = '0385dc79-5ff8-4d82-bcb6-xxxxxx';

/** Request examples of the models submitted at one path: the page's verbatim examples (crazyrouter) and one per model. */
export function requestExamples(profile: ProfileId, models: readonly ModelId[]): Record<string, Example> {
  const examples: Record<string, Example> = {};
  if (PROFILES[profile].pageOnlyFields === 'accepted') {
    for (const [capability, body] of Object.entries(PAGE_EXAMPLES)) {
      if (models.includes(body.model))
        examples[`page-${capability}`] = { summary: `The page's ${capability} example (verbatim)`, value: body };
    }
  }
  for (const model of models)
    examples[model] = { summary: `${model}, cheapest resolution`, value: exampleRequest(model, profile) };
  return examples;
}

/** The submit answer example. */
export const submitExample = { output: { task_status: 'PENDING', task_id: TASK_ID }, request_id: REQUEST_ID };

const times = {
  submit_time: '2025-04-18 10:36:58.394',
  scheduled_time: '2025-04-18 10:37:13.802',
  end_time: '2025-04-18 10:45:23.004',
};

/** Task query examples in every status; the SUCCEEDED ones show where each profile puts the video URL. */
export function taskExamples(profile: ProfileId): Record<string, Example> {
  const url = 'https://dashscope-result.oss-cn-beijing.aliyuncs.com/xxx.mp4?Expires=xxx';
  const t2v: ModelId = MODEL_IDS.find((m) => MODELS[m].capability === 'text-to-video')!;
  const s2v: ModelId = MODEL_IDS.find((m) => MODELS[m].capability === 'subject-reference')!;
  const t2vRequest = exampleRequest(t2v, profile);
  const s2vLocation = resultLocationOf(profile, MODELS[s2v].capability);
  return {
    pending: {
      summary: 'Queued',
      value: {
        request_id: REQUEST_ID,
        output: { task_id: TASK_ID, task_status: 'PENDING', submit_time: times.submit_time },
      },
    },
    running: {
      summary: 'Running',
      value: {
        request_id: REQUEST_ID,
        output: {
          task_id: TASK_ID,
          task_status: 'RUNNING',
          submit_time: times.submit_time,
          scheduled_time: times.scheduled_time,
        },
      },
    },
    succeeded: {
      summary: `Succeeded (${t2v}, ${quoteRequest(t2vRequest).seconds} s)`,
      value: {
        request_id: REQUEST_ID,
        output: {
          task_id: TASK_ID,
          task_status: 'SUCCEEDED',
          ...times,
          video_url: url,
          orig_prompt: (t2vRequest.input as { prompt: string }).prompt,
          actual_prompt: 'A fluffy kitten sprints across a sunlit meadow…',
        },
        usage: { video_duration: Number(quoteRequest(t2vRequest).seconds), video_count: 1, SR: 480 },
      },
    },
    'succeeded-s2v': {
      summary: `Succeeded (${s2v}: the video URL at ${s2vLocation}, fractional seconds)`,
      value: {
        request_id: REQUEST_ID,
        output: {
          task_id: TASK_ID,
          task_status: 'SUCCEEDED',
          ...times,
          ...(s2vLocation === 'output.video_url' ? { video_url: url } : { results: { video_url: url } }),
        },
        usage: { duration: 18.13, size: '832*480', fps: 25 },
      },
    },
    failed: {
      summary: 'Failed (not billed)',
      value: {
        request_id: REQUEST_ID,
        output: {
          task_id: TASK_ID,
          task_status: 'FAILED',
          ...times,
          code: 'DataInspectionFailed',
          message: 'Input data may contain inappropriate content.',
        },
      },
    },
    unknown: {
      summary: 'Unknown or expired task id',
      value: { request_id: REQUEST_ID, output: { task_id: TASK_ID, task_status: 'UNKNOWN' } },
    },
  };
}

/** The validator's own message for a resolution the first model lacking a tier does not offer. */
function unsupportedResolutionMessage(): string {
  const model = MODEL_IDS.find((m) => resolutionsOf(m).length < RESOLUTIONS.length)!;
  const missing = RESOLUTIONS.find((r) => !resolutionsOf(model).includes(r))!;
  const result = validateSubmitRequest({
    ...exampleRequest(model, DEFAULT_PROFILE),
    parameters: { resolution: missing },
  });
  return result.ok ? '' : result.errors[0]!.message;
}

/** Error examples by HTTP status, with official codes. */
export const errorExamples: Record<string, { code: string; message: string }> = {
  '400': { code: 'InvalidParameter', message: unsupportedResolutionMessage() },
  '401': { code: 'InvalidApiKey', message: 'Invalid API-key provided.' },
  '403': { code: 'AccessDenied', message: 'current user api does not support synchronous calls' },
  '404': { code: 'ModelNotFound', message: 'Model not exist.' },
  '429': { code: 'Throttling', message: 'Requests rate limit exceeded, please try again later.' },
  '500': { code: 'InternalError', message: 'An internal error has occured, please try again later.' },
};

/** An error body example for a status. */
export function errorExample(status: string): { request_id: string; code: string; message: string } {
  const e = errorExamples[status]!;
  return { request_id: REQUEST_ID, code: e.code, message: e.message };
}

/** A task list example: one running and one finished task (shaped as the official page's example). */
export function taskListExample(): Example {
  const kf2v: ModelId = MODEL_IDS.find((m) => MODELS[m].capability === 'first-last-frame')!;
  const t2v: ModelId = MODEL_IDS.find((m) => MODELS[m].capability === 'text-to-video')!;
  return {
    summary: 'Two tasks of the last 24 hours',
    value: {
      request_id: REQUEST_ID,
      data: [
        {
          task_id: TASK_ID,
          status: 'RUNNING',
          model_name: kf2v,
          gmt_create: 1745568428109,
          start_time: 1745568428138,
          region: 'cn-beijing',
          user_api_unique_key: `apikey:v1:aigc:image2video:video-synthesis:${kf2v}`,
        },
        {
          task_id: '3c777dbc-8cc6-4d80-aa90-xxxxxx',
          status: 'SUCCEEDED',
          model_name: t2v,
          gmt_create: 1745568293253,
          start_time: 1745568293273,
          end_time: 1745568302481,
          region: 'cn-beijing',
          user_api_unique_key: `apikey:v1:aigc:video-generation:video-synthesis:${t2v}`,
        },
      ],
      total: 2,
      total_page: 1,
      page_no: 1,
      page_size: 10,
    },
  };
}
