/**
 * `wan-video-contract/mock`: the stateful reference mock of the contract, as a Web-standard handler
 * (`createMockHandler`) and as a `node:http` server (`startMockServer`).
 */
export * from './mock/index.js';
