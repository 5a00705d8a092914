/**
 * `wan-video-contract`: the registry and exact prices. Schemas and validators live in
 * `wan-video-contract/schemas`, so that importing prices never loads ajv.
 */
export * from './registry.js';
