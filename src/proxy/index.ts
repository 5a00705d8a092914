export { startProxy, type ProxyServer, type ProxyServerOptions } from './node.js';
export { createProxyHandler, proxyHandlerOf, type ProxyHandler } from './web.js';
export { createProxyCore, VIOLATIONS_HEADER, HEALTH_PATH, METRICS_PATH, type ProxyCore } from './core.js';
export {
  PROXY_DEFAULTS,
  profileOfUpstream,
  resolveProxyOptions,
  type ProxyOptions,
  type ResolvedProxyOptions,
} from './options.js';
export { tenantOf, type ProxyViolation, type Party } from './observe.js';
export type { ProxyExchange, ProxyReply } from './exchange.js';
