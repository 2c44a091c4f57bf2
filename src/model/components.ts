// The platform's workloads as data. Templates, values, schema, README and image lists are all
// generated from these records; image tags come from the release data (release.yaml).
import { ENTRYPOINT_LABEL } from './labels.js';
import { releaseImage } from './release.js';
import { WEBHOOK_TLS_SECRET } from './credentials.js';

export type GroupName = 'core' | 'agent' | 'inference' | 'etl' | 'gateway-ui' | 'data' | 'observability';

export interface ContainerPort {
  readonly name: string;
  readonly containerPort: number;
  readonly protocol?: 'TCP' | 'UDP';
}

/** How a container is probed: an HTTP path on a named port, or a TCP connect. */
export type ProbeSpec = { readonly http: string; readonly port: string } | { readonly tcp: string };

export interface ResourceSpec {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/** An environment variable: a literal (may reference earlier variables as `$(NAME)`) or a Secret key. */
export type EnvVar =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly secretKeyRef: { readonly secret: string; readonly key: string } };

/** A Deployment or StatefulSet of the platform and everything it needs to run. */
export interface Workload {
  /** Values key (`.Values.<key>`) and the suffix of its object names. */
  readonly key: string;
  readonly name: string;
  readonly group: GroupName;
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly description: string;
  /** Repository (relative to the registry), tag and, once collected, digest: from the release data. */
  readonly image: { readonly repository: string; readonly tag: string; readonly digest?: string };
  readonly replicas: number;
  readonly enabled: boolean;
  readonly ports: readonly ContainerPort[];
  readonly probe: ProbeSpec;
  readonly resources: ResourceSpec;
  readonly args?: readonly string[];
  /** Runs as this non-root UID (the image's own user). */
  readonly runAsUser: number;
  /** Writable paths the container needs (emptyDir unless a claim is named in `volumes`). */
  readonly writablePaths: readonly string[];
  /** PVC-backed mounts: the claim's component name and where it is mounted. */
  readonly claims?: readonly { readonly claim: string; readonly mountPath: string; readonly readOnly?: boolean }[];
  /** The ServiceAccount the pods run as, and whether they talk to the API server. */
  readonly serviceAccount: 'default' | 'controller' | 'etl';
  readonly usesKubernetesApi: boolean;
  /** Requests GPUs (`nvidia.com/gpu`) from `.Values.gpu.perReplica`. */
  readonly usesGpu?: boolean;
  /** Has a ConfigMap of its own mounted at /etc/<name>. */
  readonly configMap?: string;
  /** Environment variables set one by one (after the credentials it owns, src/model/credentials.ts): a value (may be a template expression over .Values) or a Secret key. */
  readonly env?: readonly EnvVar[];
  /** A TLS Secret (by component name, or the name a chart helper gives) mounted read-only at `mountPath`. */
  readonly tlsSecret?: { readonly secret: string; readonly mountPath: string; readonly nameHelper?: string };
  /** A HorizontalPodAutoscaler may own the replica count (`.Values.<key>.autoscaling`). */
  readonly autoscaled?: boolean;
  /** The template that renders its PodDisruptionBudget (default: the core poddisruptionbudget template). */
  readonly pdbTemplate?: 'poddisruptionbudget' | 'inference-pdb';
  /** Extra labels on the pods (not on the selector). */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Can point at an existing external instance instead (data stores). */
  readonly external?: { readonly port: number; readonly credentialsSecret?: boolean };
}

// Third-party images are pinned to a release, never a bare major (`postgres:15`): upstream re-points
// a major tag at every release, and an air-gapped registry cannot follow (lint: floating-image-tag).
const small: ResourceSpec = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } };
const medium: ResourceSpec = { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } };
const large: ResourceSpec = { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '4Gi' } };
const http = (port: string): ProbeSpec => ({ http: '/healthz', port });

/** Every Deployment and StatefulSet the chart can render, in a stable order. */
export const workloads: readonly Workload[] = [
  {
    key: 'controller',
    name: 'controller',
    group: 'agent',
    kind: 'Deployment',
    enabled: true,
    description: 'Agent controller: reconciles KAgent, ShardRun, ToolCall, BudgetQuota and Blackboard resources',
    image: releaseImage('ai-platform/agent'),
    replicas: 2,
    ports: [
      { name: 'http', containerPort: 8080 },
      { name: 'metrics', containerPort: 8081 },
    ],
    probe: http('http'),
    resources: medium,
    args: ['controller', '--metrics-bind-address=:8081', '--leader-elect'],
    runAsUser: 10001,
    writablePaths: ['/tmp'],
    serviceAccount: 'controller',
    usesKubernetesApi: true,
    configMap: 'agent-config',
  },
  {
    key: 'webhook',
    name: 'webhook',
    group: 'agent',
    kind: 'Deployment',
    enabled: true,
    description: 'Admission webhook: validates and defaults agent resources',
    image: releaseImage('ai-platform/agent'),
    replicas: 2,
    ports: [{ name: 'https', containerPort: 9443 }],
    probe: { tcp: 'https' },
    resources: small,
    args: ['webhook', '--port=9443', '--cert-dir=/etc/webhook/tls'],
    runAsUser: 10001,
    writablePaths: ['/tmp'],
    serviceAccount: 'default',
    usesKubernetesApi: false,
    tlsSecret: { secret: WEBHOOK_TLS_SECRET, mountPath: '/etc/webhook/tls', nameHelper: 'ai-platform.webhookTLSSecretName' },
  },
  {
    key: 'inference',
    name: 'inference',
    autoscaled: true,
    group: 'inference',
    kind: 'Deployment',
    enabled: true,
    description: 'Inference server for the tier primary (and fallback) model',
    image: releaseImage('ai-platform/inference'),
    replicas: 1,
    ports: [{ name: 'http', containerPort: 8000 }],
    probe: http('http'),
    resources: large,
    args: ['serve', '--config=/etc/inference/inference.yaml'],
    runAsUser: 10001,
    writablePaths: ['/tmp'],
    claims: [
      { claim: 'models', mountPath: '/models', readOnly: true },
      { claim: 'model-cache', mountPath: '/cache' },
    ],
    serviceAccount: 'default',
    usesKubernetesApi: false,
    usesGpu: true,
    configMap: 'inference-config',
    pdbTemplate: 'inference-pdb',
  },
  {
    key: 'vllm',
    name: 'vllm',
    group: 'inference',
    kind: 'Deployment',
    enabled: false,
    description: 'vLLM OpenAI-compatible engine (alternative to the built-in inference server)',
    image: releaseImage('vllm/vllm-openai'),
    replicas: 1,
    ports: [{ name: 'http', containerPort: 8000 }],
    probe: { http: '/health', port: 'http' },
    resources: large,
    args: ['--model=/models/primary', '--port=8000'],
    runAsUser: 10001,
    writablePaths: ['/tmp', '/cache'],
    claims: [{ claim: 'models', mountPath: '/models', readOnly: true }],
    serviceAccount: 'default',
    usesKubernetesApi: false,
    usesGpu: true,
  },
  {
    key: 'triton',
    name: 'triton',
    group: 'inference',
    kind: 'Deployment',
    enabled: false,
    description: 'NVIDIA Triton inference server (alternative engine)',
    image: releaseImage('nvidia/tritonserver'),
    replicas: 1,
    ports: [
      { name: 'http', containerPort: 8000 },
      { name: 'grpc', containerPort: 8001 },
      { name: 'metrics', containerPort: 8002 },
    ],
    probe: { http: '/v2/health/ready', port: 'http' },
    resources: large,
    args: ['tritonserver', '--model-repository=/models'],
    runAsUser: 1000,
    writablePaths: ['/tmp'],
    claims: [{ claim: 'models', mountPath: '/models', readOnly: true }],
    serviceAccount: 'default',
    usesKubernetesApi: false,
    usesGpu: true,
  },
  {
    key: 'etl',
    name: 'etl',
    autoscaled: true,
    group: 'etl',
    kind: 'Deployment',
    enabled: true,
    description: 'ETL service: ingests documents into the data stores',
    image: releaseImage('ai-platform/etl-service'),
    replicas: 1,
    ports: [{ name: 'http', containerPort: 8080 }],
    probe: http('http'),
    resources: medium,
    args: ['serve', '--config=/etc/etl/etl.yaml'],
    runAsUser: 10001,
    writablePaths: ['/tmp'],
    claims: [
      { claim: 'etl-work', mountPath: '/work' },
      { claim: 'data', mountPath: '/data', readOnly: true },
    ],
    serviceAccount: 'etl',
    usesKubernetesApi: true,
    configMap: 'etl-config',
  },
  {
    key: 'gateway',
    name: 'gateway',
    autoscaled: true,
    group: 'gateway-ui',
    kind: 'Deployment',
    enabled: true,
    description: 'API gateway: the single entry point for agents, the UI and external clients',
    image: releaseImage('ai-platform/gateway'),
    replicas: 2,
    ports: [{ name: 'http', containerPort: 8080 }],
    probe: http('http'),
    resources: medium,
    args: ['--config=/etc/gateway/gateway.yaml'],
    // the one platform pod tenants may reach (the isolation check exempts it, nothing else)
    podLabels: { [ENTRYPOINT_LABEL]: 'true' },
    runAsUser: 10001,
    writablePaths: ['/tmp'],
    serviceAccount: 'default',
    usesKubernetesApi: false,
    configMap: 'gateway-config',
  },
  {
    key: 'ui',
    name: 'ui',
    group: 'gateway-ui',
    kind: 'Deployment',
    enabled: true,
    description: 'Web UI',
    image: releaseImage('ai-platform/ui'),
    replicas: 1,
    ports: [{ name: 'http', containerPort: 3000 }],
    probe: http('http'),
    resources: small,
    runAsUser: 10001,
    writablePaths: ['/tmp'],
    serviceAccount: 'default',
    usesKubernetesApi: false,
    configMap: 'ui-config',
  },
  {
    key: 'postgres',
    name: 'postgres',
    group: 'data',
    kind: 'StatefulSet',
    enabled: true,
    description: 'PostgreSQL: agent state, audit log and Langfuse data',
    image: releaseImage('postgres'),
    replicas: 1,
    ports: [{ name: 'postgres', containerPort: 5432 }],
    probe: { tcp: 'postgres' },
    resources: medium,
    runAsUser: 999,
    writablePaths: ['/tmp', '/var/run/postgresql'],
    claims: [{ claim: 'postgres-data', mountPath: '/var/lib/postgresql/data' }],
    serviceAccount: 'default',
    usesKubernetesApi: false,
    configMap: 'postgres-config',
    env: [
      { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
      { name: 'POSTGRES_DB', value: '{{ .Values.postgres.database | quote }}' },
    ],
    external: { port: 5432, credentialsSecret: true },
  },
  {
    key: 'neo4j',
    name: 'neo4j',
    group: 'data',
    kind: 'StatefulSet',
    enabled: true,
    description: 'Neo4j: the knowledge graph',
    image: releaseImage('neo4j'),
    replicas: 1,
    ports: [
      { name: 'bolt', containerPort: 7687 },
      { name: 'http', containerPort: 7474 },
    ],
    probe: { tcp: 'bolt' },
    resources: large,
    runAsUser: 7474,
    writablePaths: ['/tmp', '/logs', '/var/lib/neo4j/run'],
    claims: [{ claim: 'neo4j-data', mountPath: '/data' }],
    serviceAccount: 'default',
    usesKubernetesApi: false,
    // NEO4J_PASSWORD comes from its credentials (src/model/credentials.ts); the image wants user/password in one variable
    env: [{ name: 'NEO4J_AUTH', value: '"neo4j/$(NEO4J_PASSWORD)"' }],
    external: { port: 7687 },
  },
  {
    key: 'redis',
    name: 'redis',
    group: 'data',
    kind: 'StatefulSet',
    enabled: true,
    description: 'Redis: queues and caches',
    image: releaseImage('redis'),
    replicas: 1,
    ports: [{ name: 'redis', containerPort: 6379 }],
    probe: { tcp: 'redis' },
    resources: small,
    args: ['redis-server', '--save', '', '--appendonly', 'no'],
    runAsUser: 999,
    writablePaths: ['/tmp', '/data'],
    serviceAccount: 'default',
    usesKubernetesApi: false,
    external: { port: 6379 },
  },
  {
    key: 'qdrant',
    name: 'qdrant',
    group: 'data',
    kind: 'StatefulSet',
    enabled: false,
    description: 'Qdrant: vector store for retrieval',
    image: releaseImage('qdrant/qdrant'),
    replicas: 1,
    ports: [
      { name: 'http', containerPort: 6333 },
      { name: 'grpc', containerPort: 6334 },
    ],
    probe: { tcp: 'http' },
    resources: medium,
    runAsUser: 1000,
    writablePaths: ['/tmp', '/qdrant/storage', '/qdrant/snapshots'],
    serviceAccount: 'default',
    usesKubernetesApi: false,
    external: { port: 6333 },
  },
  {
    key: 'langfuse',
    name: 'langfuse',
    group: 'observability',
    kind: 'Deployment',
    enabled: false,
    description: 'Langfuse: LLM tracing and evaluation',
    image: releaseImage('langfuse/langfuse'),
    replicas: 1,
    ports: [{ name: 'http', containerPort: 3000 }],
    probe: { http: '/api/public/health', port: 'http' },
    resources: medium,
    runAsUser: 1001,
    writablePaths: ['/tmp'],
    serviceAccount: 'default',
    usesKubernetesApi: false,
    configMap: 'langfuse-config',
  },
];

/** Looks a workload up by values key. */
export function workload(key: string): Workload {
  const w = workloads.find((x) => x.key === key);
  if (!w) throw new Error(`unknown workload ${key}`);
  return w;
}
