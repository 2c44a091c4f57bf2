// Entry point the check commands import lazily for `--tier`.
export { renderTierObjects } from './render.js';
