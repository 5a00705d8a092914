export { createMockHandler, type MockHandler } from './web.js';
export { startMockServer, type MockServer, type MockServerOptions } from './node.js';
export { MOCK_DEFAULTS, type MockOptions, type MockRequestLog } from './options.js';
export { manualClock, formatTaskTime, type Clock } from './clock.js';
export { SCENARIOS, SCENARIO_HEADER, FAILED_TASK, type Scenario } from './scenarios.js';
export { TRANSPORT_CODES } from './reply.js';
export { ARTIFACT_PREFIX } from './routes.js';
export { SAMPLE_VIDEO } from './artifact.js';
