/**
 * `wan-video-contract/conformance`: runs the conformance cases against any implementation of the contract and
 * returns a report (nothing printed), with cost estimates and budgets before the first request.
 * @example
 * import { runConformance, embeddedTarget } from 'wan-video-contract/conformance';
 * const report = await runConformance(embeddedTarget('crazyrouter'));
 */
export * from './conformance/index.js';
export * from './client-check/index.js';
