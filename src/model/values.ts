// The chart's values tree: defaults, descriptions and schema of every key the templates read.
import { group, leaf, type ValueGroup, type ValueNode } from './values-tree.js';
import { workloads, type Workload } from './components.js';
import { CREDENTIALS_MODES, credentialSets } from './credentials.js';
import { CLASSIFICATION_LABEL, ENTRYPOINT_LABEL, TIER_LABEL } from './labels.js';
import { CIDR_PATTERN, COST_PATTERN, DNS_LABEL_PATTERN, REGISTRY_PATTERN } from '../schemas/common.js';
import { NON_NEGATIVE_QUANTITY_PATTERN } from '../kube/quantity.js';
import { DNS1123_SUBDOMAIN_PATTERN, QUALIFIED_NAME_PATTERN } from '../kube/names.js';
import { TenantSchema } from '../schemas/tenants.js';
import {
  CLASSIFICATIONS,
  CONNECTIVITIES,
  EGRESS_MODES,
  INGRESS_MODES,
  PROVIDERS,
  QUANTIZATIONS,
  REGISTRY_TYPES,
  TIER_NAMES,
} from '../schemas/tier-profile.js';

// enums and patterns are the schemas' (the profile and tenant files are checked against the same);
// quantities are never negative for requests, limits, quotas and sizes
const quantity = { type: ['string', 'number'], minimum: 0, pattern: NON_NEGATIVE_QUANTITY_PATTERN };
const dnsLabel = { type: 'string', pattern: DNS_LABEL_PATTERN, maxLength: 56 };
// names of other objects the chart refers to (Secrets, StorageClasses, IngressClasses): a DNS
// subdomain, so a value can never carry YAML (a newline, a quote) into a template
const objectName = { type: 'string', pattern: DNS1123_SUBDOMAIN_PATTERN, maxLength: 253 };
// a key of a Secret's data (what the API server accepts)
const secretKey = { type: 'string', pattern: '^[-._a-zA-Z0-9]+$', maxLength: 253 };
const optionalObjectName = { type: 'string', pattern: `^$|${DNS1123_SUBDOMAIN_PATTERN}`, maxLength: 253 };
// a prefix of object names: a DNS-1123 label (the helpers truncate the result to 63 characters)
const nameOverride = { type: 'string', pattern: `^$|${DNS_LABEL_PATTERN}`, maxLength: 63 };
const imageTag = { type: 'string', minLength: 1, not: { const: 'latest' } };
const switchSchema = { type: 'string', enum: ['auto', 'always', 'never'] };
const cost = { type: 'string', pattern: COST_PATTERN };
const cidr = { type: 'string', pattern: CIDR_PATTERN };
const registryHost = { type: 'string', pattern: REGISTRY_PATTERN };
const optionalRegistryHost = { type: 'string', pattern: `^$|${REGISTRY_PATTERN}` };
const imageDigest = { type: 'string', pattern: '^$|^sha256:[a-f0-9]{64}$' };
// labels a site adds: Kubernetes label values, and never a key the chart sets itself (a duplicate
// key is invalid YAML, and a selector label changed would orphan the pods)
const CHART_LABEL_KEYS = [
  'helm.sh/chart',
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/version',
  'app.kubernetes.io/managed-by',
  'app.kubernetes.io/part-of',
  'app.kubernetes.io/component',
  TIER_LABEL,
  CLASSIFICATION_LABEL,
  ENTRYPOINT_LABEL,
];
const userLabels = {
  propertyNames: {
    pattern: QUALIFIED_NAME_PATTERN,
    maxLength: 317,
    not: { enum: CHART_LABEL_KEYS },
  },
  additionalProperties: { type: 'string', pattern: '^$|^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$', maxLength: 63 },
};
const en = (values: readonly string[]) => ({ enum: [...values] });

// every container has requests and limits for cpu and memory: the schema refuses less
const cpuMemory = { type: 'object', required: ['cpu', 'memory'], additionalProperties: quantity };
const resourcesSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['requests', 'limits'],
  properties: { requests: cpuMemory, limits: cpuMemory },
};

function workloadValues(w: Workload): ValueGroup {
  const children: Record<string, ValueNode> = {
    enabled: leaf(w.enabled, `Deploy the ${w.name} ${w.kind}`),
    replicas: leaf(w.replicas, 'Number of pods', { minimum: 0 }),
    image: group(`${w.name} container image: <registry>/<repository>:<tag>[@<digest>], defaults from release.yaml`, {
      registry: leaf('', 'Registry of this image alone (empty: global.registry)', optionalRegistryHost),
      repository: leaf(w.image.repository, 'Image repository, relative to the registry', { minLength: 1 }),
      tag: leaf(w.image.tag, 'Image tag (never `latest`)', imageTag),
      digest: leaf(
        '',
        'Image digest (sha256:…): when set the image is pulled by digest, the tag kept for people; air-gapped tiers pin the digests release.yaml records',
        imageDigest,
      ),
    }),
    resources: leaf(w.resources, 'Container resource requests and limits', resourcesSchema),
    nodeSelector: leaf({}, 'Node labels the pods must run on', { additionalProperties: { type: 'string' } }),
    tolerations: leaf([], 'Tolerations for the pods', { items: { type: 'object' } }),
    podAnnotations: leaf({}, 'Extra annotations on the pods', { additionalProperties: { type: 'string' } }),
    pdb: group('PodDisruptionBudget (rendered only when more than one pod may run; evicts one pod at a time)', {
      enabled: leaf(true, 'Create a PodDisruptionBudget'),
    }),
  };
  const credentials = credentialSets.find((c) => c.owner === w.key);
  if (credentials) {
    children.auth = group(`${w.name} credentials: generated by the chart (global.credentials.mode), or read from a Secret of yours`, {
      existingSecret: leaf(
        '',
        `Existing Secret holding the ${w.name} credentials (keys: auth.secretKeys); the chart then renders no Secret for them`,
        optionalObjectName,
      ),
      secretKeys: group(
        'Key names in the Secret (an existing one, or the one the chart generates)',
        Object.fromEntries(credentials.keys.map((k) => [k.param, leaf(k.env, `Key holding ${k.env}`, secretKey)])),
      ),
    });
  }
  if (w.external) {
    children.external = group(`Use an existing ${w.name} instead of the in-chart StatefulSet`, {
      enabled: leaf(false, `Point the platform at an external ${w.name}; the StatefulSet is not rendered`),
      host: leaf('', `Host name of the external ${w.name}`, { pattern: '^$|^[a-zA-Z0-9.-]+$' }),
      port: leaf(w.external.port, `Port of the external ${w.name}`, { minimum: 1, maximum: 65535 }),
      ...(w.external.credentialsSecret
        ? {
            existingSecret: leaf(
              '',
              `Existing Secret holding the ${w.name} credentials (keys as in the generated one); superseded by ${w.key}.auth.existingSecret, which wins`,
              optionalObjectName,
            ),
          }
        : {}),
    });
  }
  return group(w.description, children);
}

const workloadGroups = Object.fromEntries(workloads.map((w) => [w.key, workloadValues(w)]));

function extend(base: ValueGroup, extra: Record<string, ValueNode>): ValueGroup {
  return group(base.description, { ...base.children, ...extra });
}

const config = (description: string, defaults: Record<string, unknown>) =>
  leaf(defaults, description, { additionalProperties: { type: ['string', 'number', 'boolean'] } });

const autoscaling = (min: number, max: number) =>
  group('Horizontal pod autoscaling', {
    enabled: leaf(true, 'Create a HorizontalPodAutoscaler'),
    minReplicas: leaf(min, 'Lowest replica count', { minimum: 1 }),
    maxReplicas: leaf(max, 'Highest replica count', { minimum: 1 }),
    targetCPUUtilizationPercentage: leaf(75, 'Average CPU utilisation to aim for', { minimum: 1, maximum: 100 }),
  });

const persistence = (size: string, description: string) =>
  group(description, {
    size: leaf(size, 'Requested storage', quantity),
    accessMode: leaf('ReadWriteOnce', 'PVC access mode', { enum: ['ReadWriteOnce', 'ReadWriteMany', 'ReadOnlyMany', 'ReadWriteOncePod'] }),
  });

const ingress = (host: string) =>
  group('Ingress (used when network.ingress is internal-only)', {
    enabled: leaf(true, 'Create an Ingress'),
    className: leaf('internal', 'IngressClass to use', objectName),
    host: leaf(host, 'Host name served', { pattern: DNS1123_SUBDOMAIN_PATTERN, maxLength: 253 }),
    tlsSecret: leaf('', 'Existing TLS Secret for the host (empty: plain HTTP inside the cluster network)', optionalObjectName),
  });

const model = (d: { name: string; parametersBillions: number; quantization: string; contextLength: number; provider: string }) => ({
  name: leaf(d.name, 'Model name', { pattern: '^$|^[A-Za-z0-9._-]+$', maxLength: 128 }),
  parametersBillions: leaf(d.parametersBillions, 'Parameter count, in billions', { type: 'number', minimum: 0 }),
  quantization: leaf(d.quantization, 'Weight quantization (none = 16-bit)', en(QUANTIZATIONS)),
  contextLength: leaf(d.contextLength, 'Context window, in tokens', { minimum: 0 }),
  provider: leaf(d.provider, 'Who serves the model: local (in-cluster weights) or a hosted provider', {
    enum: [...PROVIDERS],
  }),
});

/** The whole values tree of the chart. */
export const valuesTree: ValueGroup = group(
  'ai-platform values',
  {
    global: group(
      'Settings shared by every component',
      {
        tier: leaf('edge', 'Deployment tier this release runs in', en(TIER_NAMES)),
        profile: leaf('edge', 'Name of the tier profile the values were compiled from', dnsLabel),
        classification: leaf('secret', 'Classification level of the platform namespaces', en(CLASSIFICATIONS)),
        connectivity: leaf('none', 'Network connectivity of the tier', en(CONNECTIVITIES)),
        registry: leaf('registry.local:5000', 'Registry every image is pulled from', registryHost),
        registryType: leaf('local', 'Kind of registry', en(REGISTRY_TYPES)),
        imagePullPolicy: leaf('IfNotPresent', 'Image pull policy for every container', { enum: ['Always', 'IfNotPresent', 'Never'] }),
        imagePullSecrets: leaf([], 'Names of Secrets used to pull images', { items: objectName }),
        storageClass: leaf('', 'StorageClass for every PVC (empty: the cluster default)', optionalObjectName),
        podSecurityLevel: leaf('restricted', 'Pod Security Admission level enforced on platform and tenant namespaces', {
          enum: ['baseline', 'restricted'],
        }),
        credentials: group('Where the release gets its passwords, keys and webhook certificate', {
          mode: leaf(
            'generate',
            'generate: random on first install, kept by lookup (helm install/upgrade, Flux); existing: every credential from a Secret you name (<component>.auth.existingSecret), render fails naming a missing one; hook: a pre-install/pre-upgrade Job creates missing Secrets once, never rotates them. existing and hook render nothing random (GitOps, Argo CD)',
            en(CREDENTIALS_MODES),
          ),
        }),
      },
      // Helm copies a parent chart's `global` into every subchart: its keys are not this chart's to refuse
      { open: true },
    ),
    commonLabels: leaf(
      {},
      'Extra labels on every object of the release (never the selector labels), for a site admission policy',
      userLabels,
    ),
    podLabels: leaf({}, 'Extra labels on every pod of the platform workloads (not on selectors)', userLabels),
    nameOverride: leaf('', 'Replaces the chart name in object names', nameOverride),
    fullnameOverride: leaf('', 'Replaces the release-chart prefix of object names', nameOverride),
    namespace: group('The release namespace', {
      create: leaf(
        true,
        'Render the release Namespace with classification and Pod Security labels; the documented install applies it first and `helm install` adopts it (never use --create-namespace, which creates it unlabelled)',
      ),
    }),
    capabilities: group('Optional cluster APIs: auto renders when the cluster has the API, always forces, never forbids', {
      podSecurityPolicy: leaf('auto', 'PodSecurityPolicy (policy/v1beta1, removed in Kubernetes 1.25)', switchSchema),
      verticalPodAutoscaler: leaf('auto', 'VerticalPodAutoscaler (autoscaling.k8s.io/v1)', switchSchema),
      prometheusOperator: leaf(
        'auto',
        'ServiceMonitor, PodMonitor, PrometheusRule and AlertmanagerConfig (monitoring.coreos.com)',
        switchSchema,
      ),
      certManager: leaf(
        'auto',
        'cert-manager Certificate for the webhook (otherwise a self-signed certificate is generated)',
        switchSchema,
      ),
      adminNetworkPolicy: leaf(
        'auto',
        'AdminNetworkPolicy per classification level and a BaselineAdminNetworkPolicy default-deny (policy.networking.k8s.io/v1alpha1)',
        switchSchema,
      ),
    }),
    crds: group('The fractal.ai CustomResourceDefinitions', {
      templated: leaf(
        false,
        'Also render the CRDs from templates/ (for GitOps tools that apply `helm template` output; never with `helm install`, which installs them from crds/)',
      ),
    }),
    network: group('Network boundaries', {
      egress: leaf(
        'deny-all',
        'Egress beyond the cluster: deny-all, internal-only (network.internalCIDRs) or allow-approved (network.approvedEgress)',
        en(EGRESS_MODES),
      ),
      ingress: leaf(
        'internal-only',
        'How clients reach the gateway and UI: internal-only (Ingress) or load-balanced (LoadBalancer Service)',
        en(INGRESS_MODES),
      ),
      internalCIDRs: leaf(['10.0.0.0/8'], 'Address ranges of the internal network', { items: cidr }),
      approvedEgress: leaf([], 'Approved external destinations (allow-approved only)', {
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['cidr', 'ports'],
          properties: {
            cidr,
            ports: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 65535 } },
            description: { type: 'string' },
          },
        },
      }),
      ingressControllerNamespace: leaf(
        'ingress-nginx',
        'Namespace of the ingress controller allowed to reach the gateway and UI',
        dnsLabel,
      ),
      dns: group('Cluster DNS, the only destination outside the namespace every pod may reach', {
        namespace: leaf('kube-system', 'Namespace of the cluster DNS pods', dnsLabel),
        podLabels: leaf({ 'k8s-app': 'kube-dns' }, 'Labels of the cluster DNS pods', {
          additionalProperties: { type: 'string' },
          minProperties: 1,
        }),
      }),
    }),
    models: group('Models served by the inference tier', {
      primary: group(
        'Primary model',
        model({ name: 'mistral-7b-instruct-q4', parametersBillions: 7, quantization: 'q4_K_M', contextLength: 8192, provider: 'local' }),
      ),
      fallback: group('Fallback model (none at the edge)', {
        enabled: leaf(false, 'Serve a fallback model'),
        ...model({ name: '', parametersBillions: 0, quantization: 'none', contextLength: 0, provider: 'local' }),
      }),
    }),
    gpu: group('GPU hardware of the tier', {
      type: leaf('nvidia-a10g', 'GPU type (release.yaml hardware catalogue, or cloud)', {
        type: 'string',
        pattern: DNS_LABEL_PATTERN,
        maxLength: 63,
      }),
      nodes: leaf(3, 'GPU nodes', { minimum: 0 }),
      perNode: leaf(1, 'GPUs per node', { minimum: 0 }),
      dynamic: leaf(false, 'GPUs scale on demand (cloud)'),
      perReplica: leaf(1, 'GPUs requested by each inference pod', { minimum: 0 }),
    }),
    ...workloadGroups,
    controller: extend(workloadGroups.controller, {
      config: config('Agent controller settings (agent-configmap)', { logLevel: 'info', maxConcurrentReconciles: 4, auditEnabled: true }),
      verticalAutoscaling: group('VerticalPodAutoscaler for the controller', {
        updateMode: leaf('Off', 'VPA update mode', { enum: ['Off', 'Initial', 'Recreate', 'Auto'] }),
      }),
    }),
    webhook: extend(workloadGroups.webhook, {
      failurePolicy: leaf('Fail', 'What the API server does when the webhook is unreachable', { enum: ['Fail', 'Ignore'] }),
      certificateValidityDays: leaf(3650, 'Validity of the self-signed webhook certificate (without cert-manager)', { minimum: 1 }),
      tls: group('Serving certificate of the webhook: an existing Secret, else cert-manager (capabilities.certManager), else generated', {
        existingSecret: leaf(
          '',
          'Existing kubernetes.io/tls Secret (tls.crt, tls.key) for the webhook Service; wins over cert-manager and the generated one',
          optionalObjectName,
        ),
        caBundle: leaf('', 'Base64 PEM of the CA that signed webhook.tls.existingSecret (required with it; public, not a secret)', {
          pattern: '^$|^[A-Za-z0-9+/]+=*$',
        }),
      }),
    }),
    inference: extend(workloadGroups.inference, {
      config: config('Inference server settings (inference-configmap)', { maxBatchSize: 8, timeoutSeconds: 120 }),
      autoscaling: autoscaling(1, 3),
    }),
    modelLoader: group('Job that copies model weights onto the models PVC (weights never go into a ConfigMap)', {
      enabled: leaf(true, 'Run the model loader Job on install and upgrade'),
      source: leaf(
        'file:///bundle/models',
        'Where the weights are read from (a path mounted from the air-gap bundle, or an object store URL on connected tiers)',
        { minLength: 1 },
      ),
      importClaim: leaf(
        '',
        "PersistentVolumeClaim holding an air-gap bundle's models/ directory, mounted read-only at /bundle (the default source); empty: none",
        { pattern: `^$|${DNS1123_SUBDOMAIN_PATTERN}`, maxLength: 253 },
      ),
      backoffLimit: leaf(3, 'Retries before the Job fails', { minimum: 0 }),
      resources: leaf(
        { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '2Gi' } },
        'Resources of the loader container',
        resourcesSchema,
      ),
    }),
    credentialsHook: group('The Job that creates missing credential Secrets before install and upgrade (global.credentials.mode=hook)', {
      resources: leaf(
        { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
        'Resources of the hook container',
        resourcesSchema,
      ),
    }),
    storage: group('Persistent volumes', {
      models: persistence('100Gi', 'Model weights (pvc-models), filled by the model loader'),
      modelCache: persistence('20Gi', 'Inference compilation cache (model-pvc)'),
      data: persistence('50Gi', 'Source documents read by the ETL service (pvc-data)'),
      etlWork: persistence('20Gi', 'ETL working space (etl-pvc)'),
      postgres: persistence('20Gi', 'PostgreSQL data (postgres-pvc)'),
      neo4j: persistence('20Gi', 'Neo4j data (neo4j-pvc)'),
    }),
    etl: extend(workloadGroups.etl, {
      config: config('ETL settings (etl-configmap)', { batchSize: 100, parallelism: 2 }),
      autoscaling: autoscaling(2, 4),
      schedule: leaf('0 2 * * *', 'Cron schedule of the nightly ETL run', { minLength: 9 }),
    }),
    gateway: extend(workloadGroups.gateway, {
      config: config('Gateway settings (gateway-configmap)', { rateLimitPerMinute: 600, requestTimeoutSeconds: 60 }),
      ingress: ingress('gateway.ai-platform.local'),
      autoscaling: autoscaling(2, 6),
    }),
    ui: extend(workloadGroups.ui, {
      config: config('UI settings (ui-configmap)', { title: 'AI Platform' }),
      ingress: ingress('ui.ai-platform.local'),
    }),
    postgres: extend(workloadGroups.postgres, {
      config: config('PostgreSQL server settings (postgres-configmap)', { max_connections: 200, shared_buffers: '256MB' }),
      database: leaf('aiplatform', 'Database created on first start', { pattern: '^[a-z_][a-z0-9_]*$' }),
    }),
    langfuse: extend(workloadGroups.langfuse, {
      config: config('Langfuse settings (langfuse-configmap)', { telemetryEnabled: false }),
    }),
    platform: group('Platform-wide objects in the release namespace', {
      priorityClass: group('PriorityClass of the platform pods', {
        value: leaf(100000, 'Priority value', { minimum: 0, maximum: 1000000000 }),
      }),
      resourceQuota: leaf(
        { 'requests.cpu': '64', 'requests.memory': '256Gi', 'requests.nvidia.com/gpu': '32', persistentvolumeclaims: '50', pods: '200' },
        'ResourceQuota of the release namespace',
        { additionalProperties: quantity },
      ),
      limitRange: group('Defaults for containers that set no resources', {
        defaultRequest: leaf({ cpu: '100m', memory: '128Mi' }, 'Default requests', { additionalProperties: quantity }),
        default: leaf({ cpu: '500m', memory: '512Mi' }, 'Default limits', { additionalProperties: quantity }),
      }),
    }),
    monitoring: group('Prometheus and Grafana integration (prometheus-operator objects are gated by capabilities.prometheusOperator)', {
      dashboards: leaf(true, 'Render the Grafana dashboard ConfigMaps (label grafana_dashboard=1)'),
      scrapeInterval: leaf('30s', 'Scrape interval of the ServiceMonitor and PodMonitor', { pattern: '^[0-9]+(ms|s|m|h)$' }),
      alertReceiver: leaf('platform-oncall', 'Alertmanager receiver name for platform alerts', dnsLabel),
      prometheus: group('The Prometheus that scrapes the ServiceMonitor and PodMonitor targets (admitted by a NetworkPolicy of its own)', {
        namespace: leaf('monitoring', 'Namespace the Prometheus pods run in', dnsLabel),
        podLabels: leaf({ 'app.kubernetes.io/name': 'prometheus' }, 'Labels of the Prometheus pods', {
          additionalProperties: { type: 'string' },
          minProperties: 1,
        }),
      }),
    }),
    budgets: group('Budgets', {
      default: group('Default BudgetQuota of the release namespace (default-budgetquota)', {
        maxTotalTokens: leaf(10000000, 'Token limit', { minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
        maxTotalCost: leaf('1000.00', 'Cost limit in USD, two decimals', cost),
        maxConcurrentRuns: leaf(20, 'Concurrent ShardRuns', { minimum: 0 }),
      }),
    }),
    tests: group('helm test hooks', { enabled: leaf(true, 'Render the helm test Pods') }),
    lint: group('Linter annotations', {
      exceptionAnnotations: leaf(
        true,
        "Carry each lint exception the chart declares (README, Lint exceptions) as kube-linter's and Polaris' own annotations on the objects it covers, so stock linters agree with `aipc lint --tier`; false renders none",
      ),
    }),
    tenants: leaf([], 'Tenants: one namespace with quota, budget, isolation and a namespace-scoped Role each', {
      // the tenant schema itself, reserved names included: Helm refuses what `aipc values` refuses
      items: JSON.parse(JSON.stringify(TenantSchema)) as Record<string, unknown>,
    }),
  },
  // a parent chart's `condition: ai-platform.enabled` puts `enabled` into this chart's values
  {
    admits: {
      enabled: { type: 'boolean', description: 'Set by a parent chart whose dependency condition names it; this chart does not read it' },
    },
  },
);
