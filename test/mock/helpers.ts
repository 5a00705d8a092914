import { MODELS, resolutionsOf, type InputField, type ModelId } from '../../src/contract/models.js';
import { submitPathOf } from '../../src/contract/operations.js';
import { PROFILES, type ProfileId } from '../../src/contract/profiles.js';
import { exampleRequest as contractExample } from '../../src/contract/examples.js';
import { ASYNC_HEADER } from '../../src/contract/schemas/submit.js';
import { createMockHandler, manualClock, type MockHandler, type MockOptions } from '../../src/mock.js';

/** The origin tests give the in-process handler. */
export const ORIGIN = 'http://mock.test';

const URLS: Record<InputField, string> = {
  prompt: 'A cat walks across a sunlit kitchen',
  negative_prompt: 'blur',
  img_url: 'https://example.com/first-frame.png',
  first_frame_url: 'https://example.com/frame-start.png',
  last_frame_url: 'https://example.com/frame-end.png',
  image_url: 'https://example.com/portrait.png',
  audio_url: 'https://example.com/voice.mp3',
};

/** A valid request for a model under a profile, derived from the registry (its largest resolution tier). */
export function exampleRequest(
  model: ModelId,
  profile: ProfileId,
): { model: ModelId; input: Record<string, string>; parameters: Record<string, unknown> } {
  const entry = MODELS[model];
  const tiers = resolutionsOf(model);
  const tier = tiers[tiers.length - 1]!;
  const request = contractExample(model, profile, tier, URLS) as unknown as {
    input: Record<string, string>;
    parameters: Record<string, unknown>;
  };
  const parameters = { ...request.parameters };
  if (entry.duration.mode === 'fixed') parameters.duration = entry.duration.allowed[entry.duration.allowed.length - 1];
  return { model, input: request.input, parameters };
}

/** The full submit URL of a model under a profile. */
export function submitUrl(profile: ProfileId, model: ModelId, origin = ORIGIN): string {
  return `${origin}${PROFILES[profile].basePath}${submitPathOf(profile, model)}`;
}

/** The headers a well-behaved client sends on submit under a profile. */
export function submitHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return {
    authorization: 'Bearer test-key',
    'content-type': 'application/json',
    [ASYNC_HEADER.name]: ASYNC_HEADER.value,
    ...extra,
  };
}

/** An in-process mock with a fake clock and helpers to submit and poll. */
export function mockHarness(options: MockOptions = {}) {
  const clock = manualClock();
  const handle: MockHandler = createMockHandler({ pendingMs: 1000, runningMs: 2000, now: clock.now, ...options });
  const json = async (response: Response) => ({
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as any,
  });
  return {
    clock,
    handle,
    async submit(profile: ProfileId, body: unknown, headers: Record<string, string> = {}, model?: ModelId) {
      const target = model ?? ((body as { model?: ModelId }).model as ModelId);
      return json(
        await handle(
          new Request(submitUrl(profile, target), {
            method: 'POST',
            headers: submitHeaders(headers),
            body: JSON.stringify(body),
          }),
        ),
      );
    },
    async poll(profile: ProfileId, taskId: string, headers: Record<string, string> = {}, suffix = '') {
      return json(
        await handle(
          new Request(`${ORIGIN}${PROFILES[profile].basePath}/tasks/${taskId}${suffix}`, {
            headers: { authorization: 'Bearer test-key', ...headers },
          }),
        ),
      );
    },
    async cancel(profile: ProfileId, taskId: string) {
      return json(
        await handle(
          new Request(`${ORIGIN}${PROFILES[profile].basePath}/tasks/${taskId}/cancel`, {
            method: 'POST',
            headers: { authorization: 'Bearer test-key' },
          }),
        ),
      );
    },
  };
}
