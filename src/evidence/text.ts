// Escaping for the pack's HTML and Markdown: every name and message is input text.
import { printable } from '../util/printable.js';

/** Text safe in HTML and XML element content and attribute values (control characters escaped first). */
export const escapeXml = (s: string): string =>
  printable(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Text safe in a Markdown table cell. */
export const mdCell = (s: string): string => printable(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
