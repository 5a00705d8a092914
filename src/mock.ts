/**
 * `wan-video-contract/mock`: the stateful reference mock of the contract, as a Web-standard handler
 * (`createMockHandler`) and as a `node:http` server (`startMockServer`).
 *
 * Routes, from the contract's operations: `POST {base}{submit path}` per `submitRoutes(profile)` (under crazyrouter
 * also the official image2video path, an alias for kf2v and s2v), `GET {base}/tasks/{id}`, and where the profile
 * offers them (dashscope) `POST {base}/tasks/{id}/cancel` and `GET {base}/tasks` (the task list: the key's tasks,
 * newest first, filtered and paged with the official parameters); also `GET|HEAD /mock-artifacts/{id}.mp4`.
 * `{base}` is `/alibailian/api/v1` (crazyrouter) or `/api/v1` (dashscope).
 *
 * Answers: 200 on success (UNKNOWN for an unknown, expired or other-profile task id); 400 `InvalidParameter` for an
 * invalid, empty, non-UTF-8 or malformed body, an unknown model, a model at another model's submit path, a bad
 * `X-Mock-Scenario` or a cancel of an unknown task (`BadRequest.EmptyModel` / `BadRequest.EmptyInput` when those are
 * missing) or bad task list parameters; 400 `UnsupportedOperation` for a cancel of a task that is not PENDING; 400
 * `DataInspectionFailed` (scenario); 401 `InvalidApiKey`; 403 `AccessDenied` for a dashscope submit without
 * `X-DashScope-Async: enable`; 404 `NotFound` and 405 `MethodNotAllowed` (with `Allow`) for routes; 413
 * `BadRequest.TooLarge`; 415 `UnsupportedMediaType`; 429 `Throttling`, `Throttling.RateQuota`, `LimitRequests`.
 * Every answer but the video is `application/json` with a `request_id`. Every answer of the API and the videos
 * carries CORS headers, and `OPTIONS` answers a CORS preflight (204), so a browser app can call the mock.
 *
 * Not part of the contract: the admin surface under `/__mock/` (loopback clients only by default, an optional
 * admin token): `GET /__mock/tasks`, `GET /__mock/tasks/{id}`, `POST /__mock/tasks/{id}/status`, `GET /__mock/clock`,
 * `POST /__mock/clock/advance`, `POST /__mock/reset`, `GET /__mock/requests?limit=N`; in-process, the same
 * operations are `handler.admin` and `server.admin` ({@link MockAdmin}).
 */
export { createMockHandler, type MockHandler, type MockRequestInfo } from './mock/web.js';
export { MockAdminError, type MockAdmin, type MockClockView, type MockTaskView } from './mock/admin.js';
export { ADMIN_PREFIX } from './mock/admin-http.js';
export { ADMIN_TOKEN_HEADER, type MockRequestRecord } from './mock/request-log.js';
export { startMockServer, type MockServer, type MockServerOptions } from './mock/node.js';
export { MOCK_DEFAULTS, type MockOptions, type MockRequestLog } from './mock/options.js';
export { manualClock, type Clock } from './mock/clock.js';
export {
  FAULTS,
  FAULT_NAMES,
  isFaultName,
  type ClientExpectation,
  type ClientExposure,
  type FaultDefinition,
  type FaultName,
  type RunnerExpectation,
} from './mock/faults/table.js';
export { SCENARIO_HEADER, type FaultSet } from './mock/faults/select.js';
export { mockVideo } from './mock/artifact.js';
export { VIDEO_SPECS, type VideoSpec } from './mock/video-set.js';
