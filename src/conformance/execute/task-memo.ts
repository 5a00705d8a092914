import type { ModelId } from '../../contract/models.js';
import type { Resolution } from '../../contract/resolutions.js';
import type { ModelLimiter } from './limiter.js';
import { validRequest, type SampleInputs } from '../plan/requests.js';
import { runSharedTask, type SharedTaskDeps, type TaskState } from './shared-task.js';

/** What the memo needs: the shared task's dependencies but the limiter, which it picks per model. */
export interface TaskMemoDeps extends Omit<SharedTaskDeps, 'limiter'> {
  readonly limiters: ReadonlyMap<ModelId, ModelLimiter>;
  readonly inputs?: SampleInputs | undefined;
}

/**
 * The shared tasks of a run: the first case that needs the task of a model and resolution submits it, every
 * later one gets the same task (one billable task per model and resolution, however many cases judge it).
 */
export function createTaskMemo(deps: TaskMemoDeps): (model: ModelId, resolution: Resolution) => Promise<TaskState> {
  const tasks = new Map<string, Promise<TaskState>>();
  return (model, resolution) => {
    const key = `${model}|${resolution}`;
    let task = tasks.get(key);
    if (!task) {
      const limiter = deps.limiters.get(model);
      if (!limiter) throw new Error(`no rate limiter for ${model}: the plan did not select it`);
      task = runSharedTask(
        { ...deps, limiter },
        model,
        resolution,
        validRequest(deps.profile, model, resolution, deps.inputs),
      );
      tasks.set(key, task);
    }
    return task;
  };
}
