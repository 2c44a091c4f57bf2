// Kubernetes vocabulary shared by every area (re-exported by src/index.ts): object identity by
// group, version and kind; pod templates and containers; label selectors; object references and
// the exception matcher; quantities; names.
export * from './gvk.js';
export * from './workloads.js';
export * from './custom-workloads.js';
export * from './selectors.js';
export * from './refs.js';
export * from './quantity.js';
export * from './names.js';
