/**
 * `wan-video-contract/proxy`: a validating, lifecycle-aware proxy. Placed between clients and a provider, it
 * checks every exchange against the contract, follows each task across its polls, and writes the task log that
 * `wan-contract evidence` reads (`source: production`).
 * @example
 * import { startProxy } from 'wan-video-contract/proxy';
 * const proxy = await startProxy({ upstream: 'https://dashscope.aliyuncs.com/api/v1', onRecord: (line) => log.write(`${line}\n`) });
 */
export { startProxy, type ProxyServer, type ProxyServerOptions } from './proxy/node.js';
export { createProxyHandler, type ProxyHandler } from './proxy/web.js';
export { VIOLATIONS_HEADER, HEALTH_PATH, METRICS_PATH } from './proxy/core.js';
export { PROXY_DEFAULTS, type ProxyOptions } from './proxy/options.js';
export type { ProxyViolation, Party } from './proxy/observe.js';
