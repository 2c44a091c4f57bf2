// String formats as Kubernetes validates them in CRD schemas: the formats kube-openapi's strfmt
// registry defines (apiextensions-apiserver's supported set); any other format is ignored, as the
// API server ignores it. `duration` also takes ISO 8601, as kubeconform does.
import { isQuantity } from '../kube/quantity.js';

type FormatCheck = (value: string) => boolean;

// Go's time.ParseDuration: a sequence of decimal numbers with units, optionally signed; "0" alone
const GO_DURATION = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^[-+]?0$/;
// strfmt's own long form: "3 days", "1 week", "5 mins" (units ns…w and their names)
const STRFMT_DURATION =
  /^(\s*\d+\s*(ns|us|µs|ms|s|m|h|d|w|nanoseconds?|microseconds?|milliseconds?|seconds?|sec|secs|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?))+\s*$/;
const ISO_DURATION =
  /^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/;
// strfmt ParseDateTime: RFC 3339 and the ISO 8601 variants it lists (reduced precision, local time, space)
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HOSTNAME = /^(?=.{1,255}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidVersion = (v: string) => new RegExp(`^[0-9a-f]{8}-[0-9a-f]{4}-${v}[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, 'i');
const MAC = /^([0-9a-f]{2}([:-]))([0-9a-f]{2}\2){4}[0-9a-f]{2}$|^([0-9a-f]{2}[:-]){7}[0-9a-f]{2}$|^([0-9a-f]{4}\.){2}[0-9a-f]{4}$/i;

function isIpv6(value: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(value) || !value.includes(':')) return false;
  try {
    return new URL(`http://[${value}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

function isCidr(value: string): boolean {
  const slash = value.lastIndexOf('/');
  if (slash < 0) return false;
  const [ip, bits] = [value.slice(0, slash), value.slice(slash + 1)];
  if (!/^\d{1,3}$/.test(bits)) return false;
  if (IPV4.test(ip)) return Number(bits) <= 32;
  return isIpv6(ip) && Number(bits) <= 128;
}

function isUri(value: string): boolean {
  // Go's url.ParseRequestURI: an absolute URI or an absolute path, no spaces
  if (/\s/.test(value)) return false;
  if (value.startsWith('/')) return true;
  try {
    new URL(value);
    return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(value);
  } catch {
    return false;
  }
}

/** The formats the API server validates in CRD schemas, each with its check. */
export const KUBERNETES_FORMATS: Readonly<Record<string, FormatCheck>> = {
  duration: (v) => GO_DURATION.test(v) || STRFMT_DURATION.test(v) || ISO_DURATION.test(v),
  'date-time': (v) => DATE_TIME.test(v),
  datetime: (v) => DATE_TIME.test(v),
  date: (v) => DATE.test(v),
  byte: (v) => BASE64.test(v),
  password: () => true,
  hostname: (v) => HOSTNAME.test(v),
  email: (v) => EMAIL.test(v),
  ipv4: (v) => IPV4.test(v),
  ipv6: isIpv6,
  cidr: isCidr,
  mac: (v) => MAC.test(v),
  uri: isUri,
  uuid: (v) => UUID.test(v),
  uuid3: (v) => uuidVersion('3').test(v),
  uuid4: (v) => uuidVersion('4').test(v),
  uuid5: (v) => uuidVersion('5').test(v),
  bsonobjectid: (v) => /^[0-9a-fA-F]{24}$/.test(v),
  hexcolor: (v) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(v),
  rgbcolor: (v) => /^rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\)$/.test(v),
  ssn: (v) => /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(v),
  isbn: (v) => /^(\d[- ]?){9}[\dX]$|^(\d[- ]?){12}\d$/.test(v),
  isbn10: (v) => /^(\d[- ]?){9}[\dX]$/.test(v),
  isbn13: (v) => /^(\d[- ]?){12}\d$/.test(v),
  creditcard: (v) => /^(\d[- ]?){12,18}\d$/.test(v),
  // formats of the built-in OpenAPI that CRDs copy: values are checked by type, not by format
  'int-or-string': () => true,
  quantity: (v) => isQuantity(v),
};

/** True for a format name the API server knows (others are accepted without a check). */
export function isKnownFormat(format: string): boolean {
  return Object.hasOwn(KUBERNETES_FORMATS, format);
}
