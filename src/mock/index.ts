export { createMockHandler, type MockHandler } from './web.js';
export { startMockServer, type MockServer, type MockServerOptions } from './node.js';
export { MOCK_DEFAULTS, type MockOptions, type MockRequestLog } from './options.js';
export { manualClock, formatTaskTime, type Clock } from './clock.js';
export {
  FAULTS,
  FAULT_NAMES,
  isFaultName,
  type FaultName,
  type FaultDefinition,
  type ClientExpectation,
  type RunnerExpectation,
} from './faults/table.js';
export { SCENARIO_HEADER, parseFaults, type FaultSet } from './faults/select.js';
export { FAILED_TASK } from './faults/effects.js';
export { TRANSPORT_CODES } from './reply.js';
export { ARTIFACT_PREFIX } from './routes.js';
export { mockVideo } from './artifact.js';
export { VIDEO_SPECS, videoKey, type VideoSpec } from './video-set.js';
