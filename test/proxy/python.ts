import { exampleRequest } from '../../src/contract/examples.js';
import { MODELS, type ModelId } from '../../src/contract/models.js';
import { KEY } from './helpers.js';
import { runPythonPlan, type PythonResult } from '../support/python-sdk.js';

/**
 * The SDK's keyword arguments for a model: the inputs of the contract's example request, each under the SDK's
 * keyword of the same name (img_url, first_frame_url, reference_urls, media …); s2v's image goes in extra_input.
 */
export function sdkArguments(model: ModelId): Record<string, unknown> {
  const kwargs: Record<string, unknown> = { model };
  const input = exampleRequest(model, 'dashscope').input as Record<string, unknown>;
  for (const [field, value] of Object.entries(input)) {
    if (field === 'image_url') kwargs.extra_input = { image_url: value };
    else kwargs[field] = value;
  }
  if (MODELS[model].capability === 'subject-reference') kwargs.task = 'image2video';
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
