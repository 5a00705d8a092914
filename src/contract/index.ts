export * from './capabilities.js';
export * from './models.js';
export * from './profiles.js';
export * from './resolutions.js';
export * from './statuses.js';
export * from './version.js';
export * from './examples.js';
export * from './operations.js';
