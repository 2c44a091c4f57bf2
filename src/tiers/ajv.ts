// Kept for importers of the old path: the ajv set-up lives with the schemas it compiles.
export * from '../schemas/ajv.js';
