// Text helpers for strings a person or another tool gives: written as loops where the obvious
// regular expression would backtrack quadratically on a long run of one character.

/** `s` without trailing slashes (`/\/+$/` is quadratic on a long run of slashes not at the end). */
export function trimTrailingSlashes(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x2f) end--;
  return s.slice(0, end);
}

/** `s` as one POSIX shell word: as is when it holds only safe characters, else single-quoted. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
