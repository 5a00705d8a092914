import { MODELS, type ModelId } from './models.js';
import { TaskUsage } from './schemas/task.js';

/** A field of a task's `usage`, derived from the {@link TaskUsage} schema. */
export type UsageField = keyof TaskUsage;

/** Every `usage` field the contract knows, in schema order. */
export const USAGE_FIELDS = Object.keys(TaskUsage.properties) as UsageField[];

/**
 * The `usage` field in which a SUCCEEDED task of the model reports its seconds: `video_duration` for the
 * fixed-length models (text-to-video and image-to-video API references), `duration` for the model whose video
 * follows its audio (wan-s2v-api: a float such as 18.13). Billing reads either (reference: "Responses").
 */
export function usageSecondsFieldOf(model: ModelId): 'video_duration' | 'duration' {
  return MODELS[model].duration.mode === 'audio' ? 'duration' : 'video_duration';
}
