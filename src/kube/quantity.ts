// Kubernetes resource.Quantity (k8s.io/apimachinery/pkg/api/resource): the one parser, parsing
// to a plain number of base units (cores for cpu, bytes for memory). The grammar, as apimachinery states it:
//   <quantity>        ::= <signedNumber><suffix>
//   <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits>
//   <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI>
//   <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei
//   <decimalSI>       ::= n | u | m | "" | k | M | G | T | P | E
//   <decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber>
// A JavaScript number is exact enough for capacity arithmetic (53 bits), not for round-tripping
// nano-precision values; nothing here needs that.

/** The Quantity grammar as one anchored regular expression (also used in the JSON Schemas). */
export const QUANTITY_PATTERN = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|([eE][-+]?[0-9]+))?$';
/**
 * The grammar without a minus sign: what requests, limits, quotas and capacities must be (a
 * negative tenant quota would offset another tenant's over-commit in the capacity sum).
 */
export const NON_NEGATIVE_QUANTITY_PATTERN = '^[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|([eE][-+]?[0-9]+))?$';

const QUANTITY_RE = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE])|[eE]([-+]?[0-9]+))?$/;

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** Thrown by parseQuantity for text outside the grammar; `hint` suggests the likely intended form. */
export class QuantityError extends Error {
  constructor(
    readonly input: string,
    readonly hint?: string,
  ) {
    super(`not a Kubernetes quantity: ${JSON.stringify(input)}${hint ? ` (${hint})` : ''}`);
    this.name = 'QuantityError';
  }
}

/** True when `input` is in the Quantity grammar (a finite number counts, as YAML `cpu: 10`). */
export function isQuantity(input: unknown): boolean {
  if (typeof input === 'number') return Number.isFinite(input);
  return typeof input === 'string' && QUANTITY_RE.test(input);
}

/** Parses a Quantity to its value in base units: `500m` → 0.5, `20Gi` → 21474836480, `1e3` → 1000. */
export function parseQuantity(input: string | number): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new QuantityError(String(input));
    return input;
  }
  const m = QUANTITY_RE.exec(input);
  if (!m) throw new QuantityError(input, quantityHint(input));
  const [, sign, digits, binary, decimal, exponent] = m;
  let value = Number(digits.endsWith('.') ? digits.slice(0, -1) : digits);
  if (binary) value *= BINARY[binary];
  else if (decimal) value *= DECIMAL[decimal];
  else if (exponent !== undefined) value *= 10 ** Number(exponent);
  return sign === '-' ? -value : value;
}

/**
 * A quantity's value in base units, or undefined when `input` is not one (never 0 for bad input:
 * the schema check reports the text, and a check reading it must not take it for zero).
 */
export function quantityValue(input: unknown): number | undefined {
  if (typeof input !== 'string' && typeof input !== 'number') return undefined;
  return isQuantity(input) ? parseQuantity(input) : undefined;
}

/** What the writer of a bad quantity probably meant (`20GB` → `20G` or `20Gi`), or undefined. */
export function quantityHint(input: string): string | undefined {
  const trimmed = input.trim();
  if (trimmed !== input && QUANTITY_RE.test(trimmed)) return `remove the surrounding spaces: ${JSON.stringify(trimmed)}`;
  const spaced = /^([+-]?[0-9.]+)\s+(\S+)$/.exec(input);
  if (spaced && QUANTITY_RE.test(spaced[1] + spaced[2])) return `no space between number and suffix: "${spaced[1]}${spaced[2]}"`;
  const m = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s*([A-Za-z]+)$/.exec(input);
  if (!m) return undefined;
  const [, num, suffix] = m;
  const letter = suffix[0].toUpperCase();
  if ('KMGTPE'.includes(letter) && /^[KkMmGgTtPpEe](?:i?[Bb]?|[Bb]|I)$/i.test(suffix)) {
    const decimal = letter === 'K' ? 'k' : letter;
    return `did you mean ${num}${decimal} (decimal, 10^${3 * ('KMGTPE'.indexOf(letter) + 1)}) or ${num}${letter}i (binary, 2^${10 * ('KMGTPE'.indexOf(letter) + 1)})?`;
  }
  if (/^(cores?|cpus?)$/i.test(suffix)) return `write the number of cores alone: "${num}"`;
  if (/^(millicores?|mcpu)$/i.test(suffix)) return `write millicores with m: "${num}m"`;
  if (/^b(ytes?)?$/i.test(suffix)) return `write bytes as a plain number: "${num}"`;
  return 'suffixes are n u m k M G T P E (decimal) and Ki Mi Gi Ti Pi Ei (binary)';
}

/** Bytes as GiB for messages: 96636764160 → "90Gi", 1.5 GiB → "1.5Gi". */
export function formatGiB(bytes: number): string {
  const gib = bytes / 2 ** 30;
  return `${Number.isInteger(gib) ? gib : gib.toFixed(1)}Gi`;
}

/** A core count for messages: 45 → "45", 0.5 → "0.5". */
export function formatCores(cores: number): string {
  return Number.isInteger(cores) ? String(cores) : String(Math.round(cores * 1000) / 1000);
}
