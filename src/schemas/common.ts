// Schema building blocks shared by the tier-profile and tenants schemas. Each leaf carries a
// `description` that doubles as the "expected ..." part of an error message.
import { Type, type TSchema, type SchemaOptions } from '@sinclair/typebox';
import { NON_NEGATIVE_QUANTITY_PATTERN } from '../kube/quantity.js';
import { DNS1123_LABEL_PATTERN } from '../kube/names.js';

/** A string enum as a plain `enum` (clearer errors than TypeBox's anyOf of literals). */
export function StringEnum<T extends readonly string[]>(values: T, options: SchemaOptions = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** A Kubernetes Quantity: a string in the apimachinery grammar, or a plain non-negative number. */
export const Quantity = (description: string) =>
  Type.Unsafe<string | number>({ type: ['string', 'number'], pattern: NON_NEGATIVE_QUANTITY_PATTERN, minimum: 0, description });

export const NonNegativeInteger = (description: string, options: SchemaOptions = {}) =>
  Type.Integer({ minimum: 0, description, ...options });

/** A DNS-1123 label, the one pattern (kube/names.ts). */
export const DNS_LABEL_PATTERN = DNS1123_LABEL_PATTERN;
export const CIDR_PATTERN =
  '^(([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\\.){3}([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])/([0-9]|[12][0-9]|3[0-2])$';
export const COST_PATTERN = '^(0|[1-9][0-9]{0,11})\\.[0-9]{2}$';
export const REGISTRY_PATTERN = '^[a-zA-Z0-9.-]+(:[0-9]+)?(/[a-zA-Z0-9._/-]+)?$';

export const Cidr = (description = 'an IPv4 CIDR such as 10.0.0.0/8') => Type.String({ pattern: CIDR_PATTERN, description });

export type { TSchema };
