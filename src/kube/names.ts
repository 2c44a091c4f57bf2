// Kubernetes' own rules for names, label keys and label values (k8s.io/apimachinery
// pkg/util/validation): the one definition of each. Each `xxxErrors` function returns the broken
// rules as messages (empty when the value is valid), worded like the API server's; `isXxx` is the
// boolean form; the `*_PATTERN` strings are the same rules for JSON Schemas.

/** RFC 1123 label (a Namespace name, a tenant name): at most 63 characters (schemas add maxLength). */
export const DNS1123_LABEL_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** RFC 1123 subdomain (most object names, a host name): at most 253 characters. */
export const DNS1123_SUBDOMAIN_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
/** RFC 1035 label (a Service name): an RFC 1123 label starting with a letter. */
export const DNS1035_LABEL_PATTERN = '^[a-z]([-a-z0-9]*[a-z0-9])?$';

/** A label or annotation key for JSON Schemas: an optional DNS-1123 subdomain and `/`, then a name (qualifiedNameErrors says why one is not). */
export const QUALIFIED_NAME_PATTERN =
  '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$';

const DNS1123_LABEL = new RegExp(DNS1123_LABEL_PATTERN);
const DNS1123_SUBDOMAIN = new RegExp(DNS1123_SUBDOMAIN_PATTERN);
const DNS1035_LABEL = new RegExp(DNS1035_LABEL_PATTERN);
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export const DNS1123_LABEL_MAX_LENGTH = 63;
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
export const DNS1035_LABEL_MAX_LENGTH = 63;
export const QUALIFIED_NAME_MAX_LENGTH = 63;
export const LABEL_VALUE_MAX_LENGTH = 63;

function tooLong(value: string, max: number): string[] {
  return value.length > max ? [`must be no more than ${max} characters (is ${value.length})`] : [];
}

/** RFC 1123 label: `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 characters (Namespace names, most label-like names). */
export function dns1123LabelErrors(value: string): string[] {
  const errs = tooLong(value, DNS1123_LABEL_MAX_LENGTH);
  if (!DNS1123_LABEL.test(value)) {
    errs.push(
      "must be a lowercase RFC 1123 label: lowercase alphanumeric characters or '-', starting and ending with an alphanumeric character (e.g. 'my-name' or '123-abc')",
    );
  }
  return errs;
}

/** RFC 1123 subdomain: dot-separated RFC 1123 labels, at most 253 characters (the name of most objects). */
export function dns1123SubdomainErrors(value: string): string[] {
  const errs = tooLong(value, DNS1123_SUBDOMAIN_MAX_LENGTH);
  if (!DNS1123_SUBDOMAIN.test(value)) {
    errs.push(
      "must be a lowercase RFC 1123 subdomain: lowercase alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character (e.g. 'example.com')",
    );
  }
  return errs;
}

/** RFC 1035 label: like an RFC 1123 label but starting with a letter (Service names). */
export function dns1035LabelErrors(value: string): string[] {
  const errs = tooLong(value, DNS1035_LABEL_MAX_LENGTH);
  if (!DNS1035_LABEL.test(value)) {
    errs.push(
      "must be an RFC 1035 label: lowercase alphanumeric characters or '-', starting with a letter and ending with an alphanumeric character (e.g. 'my-name' or 'abc-123')",
    );
  }
  return errs;
}

/** A name usable as one URL path segment (RBAC object names, which may hold `:`). */
export function pathSegmentNameErrors(value: string): string[] {
  if (value === '.' || value === '..') return [`may not be '${value}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (value.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

/** A label or annotation key: optional DNS subdomain prefix and `/`, then a name of at most 63 `[A-Za-z0-9._-]`, alphanumeric at both ends. */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  let name: string;
  const errs: string[] = [];
  if (parts.length === 1) name = parts[0];
  else if (parts.length === 2) {
    const [prefix] = parts;
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const e of dns1123SubdomainErrors(prefix)) errs.push(`prefix part ${e}`);
  } else {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else {
    if (name.length > QUALIFIED_NAME_MAX_LENGTH)
      errs.push(`name part must be no more than ${QUALIFIED_NAME_MAX_LENGTH} characters (is ${name.length})`);
    if (!QUALIFIED_NAME.test(name)) {
      errs.push(
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', 'my.name' or '123-abc')",
      );
    }
  }
  return errs;
}

/** A label value: empty, or at most 63 `[A-Za-z0-9._-]` starting and ending with an alphanumeric character. */
export function labelValueErrors(value: string): string[] {
  const errs = tooLong(value, LABEL_VALUE_MAX_LENGTH);
  if (!LABEL_VALUE.test(value)) {
    errs.push(
      "a valid label value must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', 'my_value' or '12345')",
    );
  }
  return errs;
}

export const isDns1123Label = (value: string): boolean => value.length <= DNS1123_LABEL_MAX_LENGTH && DNS1123_LABEL.test(value);
export const isDns1123Subdomain = (value: string): boolean => value.length <= DNS1123_SUBDOMAIN_MAX_LENGTH && DNS1123_SUBDOMAIN.test(value);
export const isDns1035Label = (value: string): boolean => value.length <= DNS1035_LABEL_MAX_LENGTH && DNS1035_LABEL.test(value);
export const isQualifiedName = (value: string): boolean => qualifiedNameErrors(value).length === 0;
export const isLabelValue = (value: string): boolean => value.length <= LABEL_VALUE_MAX_LENGTH && LABEL_VALUE.test(value);

/** Which rule an object's metadata.name must follow, by kind (as the API server validates it). */
export type NameRule = 'dns1123-subdomain' | 'dns1123-label' | 'dns1035-label' | 'path-segment';

const NAME_RULES: Record<string, NameRule> = {
  Service: 'dns1035-label',
  Namespace: 'dns1123-label',
  Role: 'path-segment',
  ClusterRole: 'path-segment',
  RoleBinding: 'path-segment',
  ClusterRoleBinding: 'path-segment',
};

/** The metadata.name rule for `kind` (DNS-1123 subdomain unless the kind has its own). */
export function nameRuleFor(kind: string): NameRule {
  return NAME_RULES[kind] ?? 'dns1123-subdomain';
}

/** Errors for `name` as the metadata.name of an object of `kind`. */
export function objectNameErrors(kind: string, name: string): string[] {
  switch (nameRuleFor(kind)) {
    case 'dns1035-label':
      return dns1035LabelErrors(name);
    case 'dns1123-label':
      return dns1123LabelErrors(name);
    case 'path-segment':
      return name === '' ? ['must be non-empty'] : pathSegmentNameErrors(name);
    default:
      return dns1123SubdomainErrors(name);
  }
}

/**
 * An IANA service name (a named port), as apimachinery's IsValidPortName words it: every rule the
 * name breaks, in its order (at most 15 characters, only [-a-z0-9], a letter, no '--', no hyphen at
 * either end). kube-linter's invalid-target-ports prints one finding per message.
 */
export function ianaSvcNameErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

export const isIanaSvcName = (name: string): boolean => ianaSvcNameErrors(name).length === 0;
