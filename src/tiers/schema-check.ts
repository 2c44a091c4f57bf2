// Kept for importers of the old path: the schema checker is a schemas-layer module now, so the
// model (release data) can use it.
export * from '../schemas/check.js';
