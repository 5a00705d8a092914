import { MODELS, type ModelId } from '../../src/contract/models.js';
import { KEY } from './helpers.js';
import { runPythonPlan, type PythonResult } from '../support/python-sdk.js';

const MEDIA: Record<string, string> = {
  prompt: 'A paper boat drifts down a rain-soaked street',
  img_url: 'https://example.com/first-frame.png',
  first_frame_url: 'https://example.com/frame-start.png',
  last_frame_url: 'https://example.com/frame-end.png',
  audio_url: 'https://example.com/voice.mp3',
};

/** The SDK's keyword arguments for a model's required inputs; s2v's image goes in extra_input on the image2video task. */
export function sdkArguments(model: ModelId): Record<string, unknown> {
  const entry = MODELS[model];
  const kwargs: Record<string, unknown> = { model };
  for (const field of entry.inputs.required) {
    if (field === 'image_url') kwargs.extra_input = { image_url: 'https://example.com/portrait.png' };
    else kwargs[field] = MEDIA[field];
  }
  if (!('prompt' in kwargs) && (entry.inputs.optional as readonly string[]).includes('prompt'))
    kwargs.prompt = MEDIA.prompt;
  if (entry.capability === 'subject-reference') kwargs.task = 'image2video';
  return kwargs;
}

/** Runs VideoSynthesis.call (submit, then the SDK's own wait) once per set of arguments against a base URL. */
export async function drivePython(
  baseUrl: string,
  calls: readonly Record<string, unknown>[],
): Promise<{ results: PythonResult[]; stderr: string }> {
  const steps = calls.map(
    (kwargs, i) => ({ id: `call-${i}`, api: 'sync', entry: 'call', base_url: baseUrl, kwargs }) as const,
  );
  const { results, stderr } = await runPythonPlan(steps, KEY);
  return { results, stderr };
}
