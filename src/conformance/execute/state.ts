import type { Client } from '../../client/index.js';
import type { Exchange } from '../../client/exchange.js';
import type { ModelId } from '../../contract/models.js';
import type { ProfileId } from '../../contract/profiles.js';
import type { Resolution } from '../../contract/resolutions.js';
import type { VideoProbe } from '../../rules/video.js';
import type { SampleInputs } from '../plan/requests.js';
import type { ModelLimiter } from './limiter.js';
import type { TaskState } from './shared-task.js';
import type { CaseTask } from './case-task-record.js';

/** What executing a case run needs from the run. */
export interface RunState {
  readonly client: Client;
  readonly profile: ProfileId;
  readonly exchanges: ReadonlyMap<number, Exchange>;
  readonly limiters: ReadonlyMap<ModelId, ModelLimiter>;
  readonly signal: AbortSignal;
  readonly inputs: SampleInputs | undefined;
  readonly startMs: number;
  readonly totalTimeoutMs: number;
  readonly now: () => number;
  readonly startTask: (model: ModelId, resolution: Resolution) => Promise<TaskState>;
  readonly taskTimeoutMs: number;
  readonly maxPolls: number;
  /** Background polls of extra tasks, each holding a model slot until its task ends. */
  readonly drains: Promise<void>[];
  /** Why the target counts as unreachable, once the first requests all failed in transport: the run stops sending. */
  readonly unreachable: () => string | undefined;
  /** The key of a second account, for `auth: other` (cases that need it are planned out without it). */
  readonly apiKey2?: string | undefined;
  /** Called with each task a case created once its background polls end (for `--evidence`). */
  readonly onCaseTask?: ((task: CaseTask) => void) | undefined;
}

/** What the steps of one case run have seen so far. */
export interface CaseContext {
  caseSeqs: number[];
  createdTaskId?: string;
  task?: TaskState;
  downloadHead?: Uint8Array;
  video?: VideoProbe;
}

/** The message of anything thrown. */
export const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
