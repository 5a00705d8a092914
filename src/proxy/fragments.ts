import type { Exchange } from '../client/exchange.js';
import { redactText } from '../client/redact.js';
import { digestLarge } from '../rules/digest.js';
import { exchangeKindOf } from '../rules/observation.js';
import type { TaskLogFragment } from '../contract/schemas/task-log.js';
import { isTerminalStatus } from '../contract/statuses.js';
import type { ResolvedProxyOptions } from './options.js';
import { observationsOf, observe, TaskMemory, type Departure, type Observation, type Remembered } from './tasks.js';

/** What the proxy remembers of a task it did not see submitted (another proxy's): only its own queries of it. */
interface FragmentTask extends Remembered {
  readonly tenant: string;
  lastSeenAt: number;
  polls: number;
  observations: Observation[];
  finalHttpStatus: number | undefined;
  finalText: string | undefined;
}

function outputOf(body: unknown): { task_id?: unknown; task_status?: unknown } | undefined {
  return (body as { output?: { task_id?: unknown; task_status?: unknown } } | undefined)?.output;
}

/**
 * The tasks this proxy saw only queries of (behind a load balancer, the submit went through another proxy): each
 * becomes one fragment line of the task log when it ends here, or on shutdown or retention expiry, for
 * `wan-contract evidence a.jsonl b.jsonl …` to merge with the record of the proxy that saw the submit. Bounded as
 * the followed tasks are. A query answered with an error or UNKNOWN starts no fragment (an unknown id is no task).
 */
export class FragmentBook {
  readonly memory: TaskMemory<FragmentTask>;

  constructor(private readonly options: ResolvedProxyOptions) {
    this.memory = new TaskMemory<FragmentTask>(options.maxTasks, options.taskRetentionMs, (task, why) =>
      this.#write(task, why),
    );
  }

  /**
   * Notes one query of a task this proxy did not see submitted. Only a task answer to the tenant of the fragment's
   * first query observes its status (src/rules/observation.ts); any other answer is kept as an exchange of its kind.
   */
  queried(exchange: Exchange, taskId: string, tenant: string, now: number, secrets: readonly string[]): void {
    const r = exchange.response;
    if (!r || !this.options.onRecord) return;
    const output = outputOf(r.body);
    let task = this.memory.get(taskId);
    const kind = exchangeKindOf({
      status: r.status,
      json: r.body !== undefined,
      sameTenant: task ? tenant === task.tenant : true,
    });
    const status = kind === 'task' && typeof output?.task_status === 'string' ? output.task_status : undefined;
    if (!task) {
      if (r.status !== 200 || status === undefined || status === 'UNKNOWN') return;
      task = {
        id: taskId,
        submittedAt: now,
        recorded: false,
        tenant,
        lastSeenAt: now,
        polls: 0,
        observations: [],
        finalHttpStatus: undefined,
        finalText: undefined,
      };
      this.memory.add(task, now);
    }
    task.polls += 1;
    task.lastSeenAt = now;
    const answeredId = typeof output?.task_id === 'string' && output.task_id !== taskId ? output.task_id : undefined;
    observe(task.observations, {
      at: now,
      http: r.status,
      status,
      taskId: kind === 'task' ? answeredId : undefined,
      exchange: kind === 'task' ? undefined : kind,
    });
    if (r.status === 200 && isTerminalStatus(status) && status !== 'UNKNOWN') {
      task.finalHttpStatus = r.status;
      task.finalText = redactText(JSON.stringify(digestLarge(r.body)), secrets);
      // Ended here: written now; a later query of it starts a new fragment (a repoll, merged by time).
      this.#write(task, undefined);
      this.memory.forget(taskId);
    }
  }

  #write(task: FragmentTask, unfinished: Departure | undefined): void {
    task.recorded = true;
    const onRecord = this.options.onRecord;
    if (!onRecord) return;
    const fragment: TaskLogFragment = {
      log_version: 1,
      fragment: true,
      source: 'production',
      target: this.options.target,
      profile: this.options.profile,
      task_id: task.id,
      tenant: task.tenant,
      observations: observationsOf(task.observations),
      ...(task.finalText !== undefined && task.finalHttpStatus !== undefined
        ? { final: { http_status: task.finalHttpStatus, body: JSON.parse(task.finalText) as unknown } }
        : {}),
      observed: {
        first_seen_at: new Date(task.submittedAt).toISOString(),
        last_seen_at: new Date(task.lastSeenAt).toISOString(),
        polls: task.polls,
        ...(unfinished ? { unfinished } : {}),
      },
    };
    const line = JSON.stringify(fragment);
    onRecord(this.options.secrets.length > 0 ? redactText(line, this.options.secrets) : line);
    task.observations = [];
    task.finalText = undefined;
  }
}
