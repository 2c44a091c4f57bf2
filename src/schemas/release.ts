// The release data file (release.yaml at the package root): the chart's version, every image's
// tag and upstream source, and the hardware catalogue. A release is an edit of that one file;
// aipc's own version (package.json, src/version.ts) is separate.
import { Type, type Static } from '@sinclair/typebox';
import { DNS_LABEL_PATTERN, Quantity } from './common.js';

/** SemVer 2 (semver.org's own expression), which Helm requires of a chart version. */
export const SEMVER_PATTERN =
  '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$';
const REPOSITORY = '[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*';
const HOST = '[a-zA-Z0-9.-]+(:[0-9]+)?';
/** The GPU type that is no fixed hardware: GPUs scale on demand in a cloud. */
export const CLOUD_GPU_TYPE = 'cloud';

const ImageSchema = Type.Object(
  {
    repository: Type.String({
      pattern: `^${REPOSITORY}$`,
      description: 'the repository as the chart writes it after <global.registry>/, such as ai-platform/agent',
    }),
    tag: Type.String({
      pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$',
      not: { const: 'latest' },
      description: 'an image tag (never latest)',
    }),
    source: Type.String({
      pattern: `^${HOST}/${REPOSITORY}$`,
      description: 'the upstream repository with its registry host and no tag, such as docker.io/library/postgres',
    }),
    digest: Type.Optional(
      Type.String({ pattern: '^sha256:[0-9a-f]{64}$', description: 'the sha256 digest of the source image, once collected' }),
    ),
  },
  { additionalProperties: false, description: 'an image: {repository, tag, source, digest}' },
);

const GpuTypeSchema = Type.Object(
  {
    name: Type.String({
      pattern: DNS_LABEL_PATTERN,
      maxLength: 63,
      not: { const: CLOUD_GPU_TYPE },
      description: 'a GPU type name such as nvidia-l4 (not cloud)',
    }),
    memoryPerGpu: Quantity('the memory of one GPU, a Kubernetes quantity such as 24Gi'),
    node: Type.Object(
      {
        cpu: Quantity('allocatable CPU of one node of this type, a Kubernetes quantity such as 16'),
        memory: Quantity('allocatable memory of one node of this type, a Kubernetes quantity such as 64Gi'),
      },
      { additionalProperties: false, description: 'a profile’s node capacity when it does not say: {cpu, memory}' },
    ),
  },
  { additionalProperties: false, description: 'a GPU type: {name, memoryPerGpu, node}' },
);

/** Artifact Hub's change kinds (artifacthub.io/changes), in its order. */
export const CHANGE_KINDS = ['added', 'changed', 'deprecated', 'removed', 'fixed', 'security'] as const;

const ChangeSchema = Type.Object(
  {
    kind: Type.Union(
      CHANGE_KINDS.map((k) => Type.Literal(k)),
      { description: `what kind of change: ${CHANGE_KINDS.join(', ')}` },
    ),
    description: Type.String({ minLength: 1, maxLength: 500, description: 'one line a chart user reads in the changelog' }),
    links: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ minLength: 1, description: 'the link text' }),
            url: Type.String({ pattern: '^https?://[^\\s]+$', description: 'an http(s) URL' }),
          },
          { additionalProperties: false, description: 'a link: {name, url}' },
        ),
        { description: 'links about the change (an issue, a pull request)' },
      ),
    ),
  },
  { additionalProperties: false, description: 'a change of this chart version: {kind, description, links}' },
);

export const ReleaseSchema = Type.Object(
  {
    apiVersion: Type.Literal('aipc.fractal.ai/v1'),
    kind: Type.Literal('Release'),
    chart: Type.Object(
      {
        version: Type.String({ pattern: SEMVER_PATTERN, description: 'the chart version, SemVer 2 such as 1.3.0' }),
        appVersion: Type.String({ minLength: 1, maxLength: 63, description: 'the version of the platform the chart deploys' }),
        changes: Type.Optional(
          Type.Array(ChangeSchema, {
            description: "what this chart version changes, for Artifact Hub's changelog (Chart.yaml artifacthub.io/changes)",
          }),
        ),
      },
      { additionalProperties: false, description: 'the chart: {version, appVersion, changes}' },
    ),
    images: Type.Array(ImageSchema, { minItems: 1, description: 'a list of images' }),
    hardware: Type.Object(
      { gpuTypes: Type.Array(GpuTypeSchema, { minItems: 1, description: 'a list of GPU types' }) },
      { additionalProperties: false, description: 'the hardware catalogue: {gpuTypes}' },
    ),
  },
  { additionalProperties: false, description: 'release data (a mapping)' },
);

export type ReleaseData = Static<typeof ReleaseSchema>;

/** release.yaml's schema as published for editors (its `# yaml-language-server: $schema=` modeline). */
export const releaseFileSchema: typeof ReleaseSchema & { $schema: string; $id: string; title: string } = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://aipc.local/schemas/release.schema.json',
  title: 'aipc release data',
  ...ReleaseSchema,
};
