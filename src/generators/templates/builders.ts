// Builders for the small objects many components share: Services, ConfigMaps, PVCs, HPAs, PDBs,
// NetworkPolicies.
import type { Workload } from '../../model/components.js';
import { document, gate, metadata, multiReplica, nameOf, rendered, selectorLabels } from './snippets.js';

/** A ClusterIP Service (or LoadBalancer when `loadBalancedWhen` holds) for a workload's ports. */
export function serviceTemplate(w: Workload, condition: string, options: { headless?: boolean; loadBalanced?: boolean } = {}): string {
  const type = options.loadBalanced
    ? '  type: {{ if eq .Values.network.ingress "load-balanced" }}LoadBalancer{{ else }}ClusterIP{{ end }}'
    : '  type: ClusterIP';
  const body = [
    'apiVersion: v1',
    'kind: Service',
    metadata(w.name),
    'spec:',
    type,
    ...(options.headless ? ['  clusterIP: None', '  publishNotReadyAddresses: true'] : []),
    '  selector:',
    `    ${selectorLabels(w.name, 4)}`,
    '  ports:',
    ...w.ports.flatMap((p) => [
      `    - name: ${p.name}`,
      `      port: ${p.containerPort}`,
      `      targetPort: ${p.name}`,
      `      protocol: ${p.protocol ?? 'TCP'}`,
    ]),
  ].join('\n');
  return document(gate(condition, body));
}

/** A ConfigMap whose data is the given template lines (already indented by 2). */
export function configMapTemplate(component: string, condition: string, dataLines: string[], extraLabels: string[] = []): string {
  const body = ['apiVersion: v1', 'kind: ConfigMap', metadata(component, { extraLabels }), 'data:', ...dataLines].join('\n');
  return document(gate(condition, body));
}

/** `key.yaml: |` holding a values map as YAML. */
export const yamlFile = (file: string, valuesPath: string): string[] => [`  ${file}: |`, `    {{- toYaml ${valuesPath} | nindent 4 }}`];

/** A PersistentVolumeClaim sized from `.Values.storage.<key>`. */
export function pvcTemplate(component: string, storageKey: string, condition: string): string {
  const s = `.Values.storage.${storageKey}`;
  const body = [
    'apiVersion: v1',
    'kind: PersistentVolumeClaim',
    metadata(component, { annotations: ['helm.sh/resource-policy: keep'] }),
    'spec:',
    '  accessModes:',
    `    - {{ ${s}.accessMode }}`,
    '  {{- with .Values.global.storageClass }}',
    '  storageClassName: {{ . | quote }}',
    '  {{- end }}',
    '  resources:',
    '    requests:',
    `      storage: {{ ${s}.size }}`,
  ].join('\n');
  return document(gate(condition, body));
}

/** A HorizontalPodAutoscaler (autoscaling/v2) for a Deployment. */
export function hpaTemplate(component: string, valuesKey: string): string {
  const a = `.Values.${valuesKey}.autoscaling`;
  const body = [
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    metadata(component),
    'spec:',
    '  scaleTargetRef:',
    '    apiVersion: apps/v1',
    '    kind: Deployment',
    `    name: ${nameOf(component)}`,
    `  minReplicas: {{ ${a}.minReplicas }}`,
    `  maxReplicas: {{ ${a}.maxReplicas }}`,
    '  metrics:',
    '    - type: Resource',
    '      resource:',
    '        name: cpu',
    '        target:',
    '          type: Utilization',
    `          averageUtilization: {{ ${a}.targetCPUUtilizationPercentage }}`,
  ].join('\n');
  return document(gate(`and .Values.${valuesKey}.enabled ${a}.enabled`, body));
}

/**
 * A PodDisruptionBudget that never blocks a drain: rendered only when the workload may run more
 * than one pod, and then it allows one pod at a time to go; pods that are not ready may always be
 * evicted (a crash-looping pod must not hold a node drain).
 */
export function pdbTemplate(w: Workload): string {
  const body = [
    '---',
    'apiVersion: policy/v1',
    'kind: PodDisruptionBudget',
    metadata(w.name),
    'spec:',
    '  maxUnavailable: 1',
    '  unhealthyPodEvictionPolicy: AlwaysAllow',
    '  selector:',
    '    matchLabels:',
    `      ${selectorLabels(w.name, 6)}`,
  ].join('\n');
  return gate(`and (${rendered(w)}) .Values.${w.key}.pdb.enabled (${multiReplica(w)})`, body);
}

/** The NetworkPolicy body (no document marker, no gate) letting `peers` reach a component's ports. */
export function ingressPolicyBody(component: string, peers: string[], ports: number[], extraRules: string[] = []): string {
  return [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    metadata(component),
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    `      ${selectorLabels(component, 6)}`,
    '  policyTypes:',
    '    - Ingress',
    '  ingress:',
    '    - from:',
    ...peers,
    '      ports:',
    ...ports.flatMap((p) => ['        - protocol: TCP', `          port: ${p}`]),
    ...extraRules,
  ].join('\n');
}

/** Peers: pods of these components in the release namespace. */
export const componentPeers = (components: string[]): string[] =>
  components.flatMap((c) => ['        - podSelector:', '            matchLabels:', `              app.kubernetes.io/component: ${c}`]);

/** A NetworkPolicy letting `from` components (same namespace) reach a component's ports. */
export function componentIngressPolicy(component: string, condition: string, fromComponents: string[], ports: number[]): string {
  return document(gate(condition, ingressPolicyBody(component, componentPeers(fromComponents), ports)));
}
