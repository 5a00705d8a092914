import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { PROFILES, type ProfileId } from '../profiles.js';
import { statusesOf, TASK_STATUSES, type TaskStatus } from '../statuses.js';
import { DiscriminatedUnion, TIME_PATTERN } from './common.js';

const Time = (description: string) =>
  Type.String({ pattern: TIME_PATTERN, description, examples: ['2025-04-18 10:36:58.394'] });

/** A result URL: absolute http(s); valid for 24 hours upstream. */
export const VideoUrl = Type.String({
  format: 'uri',
  pattern: '^https?://',
  description: 'Absolute http(s) URL of the MP4; valid for 24 hours.',
});

/**
 * Usage of a finished task. The official docs disagree on its fields (reference: "Responses"), so every one is
 * optional: `video_duration` or `duration` (seconds, s2v fractional), `SR` (integer or string), and the rest.
 */
export const TaskUsage = Type.Object(
  {
    video_duration: Type.Optional(Type.Number({ minimum: 0, description: 'Seconds of output video.' })),
    duration: Type.Optional(
      Type.Number({
        minimum: 0,
        description:
          'Billed seconds: of output video (s2v, fractional), or input + output video (wan2.6 and later, "用于计费").',
      }),
    ),
    input_video_duration: Type.Optional(
      Type.Number({ minimum: 0, description: 'Seconds of input video billed (r2v references; 0 otherwise).' }),
    ),
    output_video_duration: Type.Optional(Type.Number({ minimum: 0, description: 'Seconds of output video.' })),
    video_count: Type.Optional(Type.Integer({ minimum: 0 })),
    video_ratio: Type.Optional(Type.String()),
    SR: Type.Optional(
      Type.Union([Type.Integer(), Type.String()], { description: 'Short edge of the output, e.g. 480.' }),
    ),
    size: Type.Optional(Type.String()),
    ratio: Type.Optional(Type.String({ description: 'Aspect ratio of the output (wan2.7 t2v and r2v).' })),
    audio: Type.Optional(Type.Boolean({ description: 'Whether the video has sound (wan2.6-i2v-flash).' })),
    fps: Type.Optional(Type.Number({ minimum: 0 })),
  },
  { title: 'TaskUsage', description: 'What a SUCCEEDED task consumed; all fields optional.' },
);
export type TaskUsage = Static<typeof TaskUsage>;

const common = {
  task_id: Type.String({ minLength: 1 }),
  submit_time: Type.Optional(Time('When the task was submitted.')),
  scheduled_time: Type.Optional(Time('When the task started running.')),
  end_time: Type.Optional(Time('When the task ended.')),
  orig_prompt: Type.Optional(Type.String({ description: 'The prompt as submitted.' })),
  actual_prompt: Type.Optional(Type.String({ description: 'The rewritten prompt, when prompt_extend was true.' })),
};
const taskError = {
  code: Type.String({ minLength: 1, description: 'Why the task failed, e.g. DataInspectionFailed.' }),
  message: Type.String({ description: 'What went wrong.' }),
};
const status = <S extends TaskStatus>(s: S) => Type.Literal(s);

function succeededOutput(profile: ProfileId): TSchema {
  const base = { task_status: status('SUCCEEDED'), ...common };
  const atOutput = { video_url: VideoUrl };
  const atResults = { results: Type.Object({ video_url: VideoUrl }) };
  if (PROFILES[profile].subjectReferenceResult === 'output.video_url') {
    return Type.Object(
      { ...base, ...atOutput, results: Type.Optional(Type.Object({ video_url: Type.Optional(VideoUrl) })) },
      { title: 'TaskOutputSucceeded' },
    );
  }
  // Officially s2v answers at output.results.video_url and every other model at output.video_url.
  return Type.Object(
    {
      ...base,
      video_url: Type.Optional(VideoUrl),
      results: Type.Optional(Type.Object({ video_url: Type.Optional(VideoUrl) })),
    },
    {
      title: 'TaskOutputSucceeded',
      description: 'the video URL at output.video_url (output.results.video_url for wan2.2-s2v)',
      anyOf: [{ required: Object.keys(atOutput) }, { required: Object.keys(atResults), properties: atResults }],
    },
  );
}

/** The `output` of a task query in each status, under a profile. */
export function taskOutputBranches(profile: ProfileId): Record<TaskStatus, TSchema> {
  return {
    PENDING: Type.Object({ task_status: status('PENDING'), ...common }, { title: 'TaskOutputPending' }),
    RUNNING: Type.Object({ task_status: status('RUNNING'), ...common }, { title: 'TaskOutputRunning' }),
    // Known to the official SDKs, which keep polling (profiles: suspendedStatus); shaped as RUNNING.
    SUSPENDED: Type.Object({ task_status: status('SUSPENDED'), ...common }, { title: 'TaskOutputSuspended' }),
    SUCCEEDED: succeededOutput(profile),
    FAILED: Type.Object({ task_status: status('FAILED'), ...common, ...taskError }, { title: 'TaskOutputFailed' }),
    CANCELED: Type.Object(
      {
        task_status: status('CANCELED'),
        ...common,
        code: Type.Optional(taskError.code),
        message: Type.Optional(taskError.message),
      },
      { title: 'TaskOutputCanceled' },
    ),
    // Unknown or expired (over 24 h) ids; the id is echoed when known.
    UNKNOWN: Type.Object(
      { task_status: status('UNKNOWN'), ...common, task_id: Type.Optional(common.task_id) },
      { title: 'TaskOutputUnknown' },
    ),
  };
}

/** The task query answer (HTTP 200 in every status) under a profile. */
export function taskResponseSchema(profile: ProfileId) {
  const branches = taskOutputBranches(profile);
  return Type.Object(
    {
      request_id: Type.String({ minLength: 1 }),
      output: DiscriminatedUnion<typeof TaskOutputLoose>(
        'task_status',
        statusesOf(profile).map((s) => branches[s]),
        { title: 'TaskOutput' },
      ),
      usage: Type.Optional(TaskUsage),
    },
    { title: 'TaskResponse', description: 'A task, as the query answers it in every status.' },
  );
}

/** The static shape of a task's `output`, across profiles and statuses. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- only its static type is used
const TaskOutputLoose = Type.Object({
  task_id: Type.Optional(Type.String()),
  task_status: Type.Union(TASK_STATUSES.map((s) => Type.Literal(s))),
  submit_time: Type.Optional(Type.String()),
  scheduled_time: Type.Optional(Type.String()),
  end_time: Type.Optional(Type.String()),
  video_url: Type.Optional(Type.String()),
  results: Type.Optional(Type.Object({ video_url: Type.Optional(Type.String()) })),
  orig_prompt: Type.Optional(Type.String()),
  actual_prompt: Type.Optional(Type.String()),
  code: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
});
/** A task's `output`. */
export type TaskOutput = Static<typeof TaskOutputLoose>;

/** A task query answer. */
export interface TaskResponse {
  request_id: string;
  output: TaskOutput;
  usage?: TaskUsage;
}

/** The video URL of a SUCCEEDED task at either place the profiles allow, and where it was found. */
export function videoUrlOf(
  output: TaskOutput,
): { url: string; at: 'output.video_url' | 'output.results.video_url' } | undefined {
  if (typeof output.video_url === 'string') return { url: output.video_url, at: 'output.video_url' };
  if (typeof output.results?.video_url === 'string')
    return { url: output.results.video_url, at: 'output.results.video_url' };
  return undefined;
}
