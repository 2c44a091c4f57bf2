// The evidence pack's report.json (`aipc report`): its JSON Schema and static type from one
// TypeBox definition. The schema is published as schemas/report.schema.json (written by
// scripts/gen-validators.ts) and named by the document's `$schema`, so a reviewer's tooling can
// check a pack without aipc.
import { Type, type Static } from '@sinclair/typebox';

/** Where the published schema lives in the aipc package; report.json names it in `$schema`. */
export const REPORT_SCHEMA_PATH = 'schemas/report.schema.json';
export const REPORT_SCHEMA_ID = `aipc/${REPORT_SCHEMA_PATH}`;
export const REPORT_FORMAT = 'aipc-report/v1';

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });
const Str = Type.String();
const Strings = Type.Array(Type.String());
/** One of the strings given, kept as a literal union in the static type. */
const oneOf = <const T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>(
    Type.Union(
      values.map((v) => Type.Literal(v)),
      description ? { description } : {},
    ),
  );
const obj = <T extends Parameters<typeof Type.Object>[0]>(props: T, description?: string) =>
  Type.Object(props, { additionalProperties: false, ...(description ? { description } : {}) });

const InputFile = obj(
  {
    role: oneOf(
      ['profile', 'tier values', 'chart values', 'tenants', 'values', 'set-file', 'release data'],
      'what the file is to the tier',
    ),
    name: Type.String({ description: 'relative to the working directory, or its base name: never an absolute path' }),
    sha256: Sha256,
  },
  'one input file and the sha256 of its bytes',
);

const Identity = obj({
  aipcVersion: Str,
  site: Str,
  tier: Str,
  release: Str,
  namespace: Str,
  kubernetesVersion: Type.String({ description: 'the Kubernetes version rendered for and judged against' }),
  created: Type.String({ format: 'date-time', description: 'the time given by --created or SOURCE_DATE_EPOCH (else the run time)' }),
  chart: obj({
    name: Str,
    version: Str,
    package: Type.String({ description: 'the archive helm package names' }),
    sha256: Sha256,
    digestMethod: Str,
  }),
  inputs: Type.Array(InputFile),
  set: Type.Array(Type.String(), { description: '--set, --set-string and --set-file arguments, in order' }),
});

const ChecklistItem = obj({
  id: Str,
  title: Str,
  status: Type.Union([Type.Literal('PASS'), Type.Literal('FAIL'), Type.Literal('SKIP')]),
  evidence: Strings,
  controls: Strings,
});

const Workload = obj({
  ref: Str,
  level: oneOf(['privileged', 'baseline', 'restricted']),
  verdict: Type.Union([Type.Literal('pass'), Type.Literal('exception'), Type.Literal('fail')]),
  exception: Type.Optional(Str),
  failures: Type.Array(obj({ check: Str, path: Str, found: Str, required: Str })),
});

const Image = obj({
  image: Str,
  digest: Type.Optional(Type.String({ pattern: '^sha256:[0-9a-f]{64}$' })),
  digestSource: Type.Optional(Type.Union([Type.Literal('release data'), Type.Literal('verified bundle')])),
  pulledBy: Strings,
});

const Node = obj({
  id: Str,
  label: Str,
  kind: oneOf(['platform', 'tenant', 'system', 'other', 'outside']),
  tenant: Type.Optional(Str),
  classification: Type.Optional(Str),
});

const Edge = obj({
  from: Str,
  to: Str,
  connections: Str,
  verdict: Type.Union([Type.Literal('allowed'), Type.Literal('violation')]),
  reason: Str,
  allowedBy: Strings,
  rules: Type.Optional(Type.Array(Str, { description: 'the policy rules that allow it, when the isolation explanation names them' })),
});

const Boundary = obj({
  from: Str,
  to: Str,
  separates: Strings,
  verdict: Type.Union([Type.Literal('closed'), Type.Literal('allowed'), Type.Literal('violation')]),
  connections: Type.Optional(Str),
});

export const ReportSchema = Type.Object(
  {
    $schema: Type.Literal(REPORT_SCHEMA_ID),
    format: Type.Literal(REPORT_FORMAT),
    identity: Identity,
    checklist: obj({ ok: Type.Boolean(), items: Type.Array(ChecklistItem) }),
    podSecurity: obj({
      requiredLevel: Str,
      policyVersion: Str,
      ok: Type.Boolean(),
      workloads: Type.Array(Workload),
      namespaceFindings: Strings,
    }),
    lint: obj({
      checks: Type.Integer({ minimum: 0 }),
      objects: Type.Integer({ minimum: 0 }),
      findings: Type.Array(obj({ check: Str, object: Str, path: Str, message: Str })),
      accepted: Type.Array(obj({ check: Str, object: Str, message: Str, reason: Str })),
      exemptedByAnnotation: Type.Integer({ minimum: 0 }),
    }),
    images: obj({
      registry: Str,
      images: Type.Array(Image),
      bundle: Type.Optional(
        obj({ name: Str, verified: Type.Boolean(), evidence: Strings, problems: Strings, images: Type.Integer({ minimum: 0 }) }),
      ),
    }),
    capacity: obj({
      gpuType: Str,
      gpus: Type.Integer({ minimum: 0 }),
      tenantGpus: Type.Integer({ minimum: 0 }),
      findings: Strings,
      overcommit: Strings,
    }),
    isolation: obj({
      nodes: Type.Array(Node),
      edges: Type.Array(Edge),
      boundaries: Type.Array(Boundary),
      closedNotListed: Type.Integer({ minimum: 0 }),
      violations: Strings,
    }),
    controls: obj({
      mappings: Type.Array(obj({ item: Str, controls: Strings, rationale: Str })),
      byControl: Type.Array(obj({ control: Str, title: Str, items: Strings })),
    }),
  },
  {
    $id: REPORT_SCHEMA_ID,
    title: 'aipc evidence pack (report.json)',
    additionalProperties: false,
  },
);

/** The JSON Schema document published at schemas/report.schema.json. */
export const reportSchemaDocument = (): object => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  ...JSON.parse(JSON.stringify(ReportSchema)),
});

export type ReportJson = Static<typeof ReportSchema>;
export type ReportIdentity = ReportJson['identity'];
export type ReportInputFile = ReportIdentity['inputs'][number];
