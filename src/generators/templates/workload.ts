// Deployments and StatefulSets from the workload model: restricted security contexts, requests
// and limits, probes, read-only root filesystems with explicit writable paths.
import type { Workload, ProbeSpec } from '../../model/components.js';
import { credentialEnv } from './credentials.js';
import { document, gate, metadata, multiReplica, nameOf, rendered, selectorLabels, shift } from './snippets.js';

function probe(p: ProbeSpec, kind: 'liveness' | 'readiness'): string[] {
  const timing =
    kind === 'liveness'
      ? ['initialDelaySeconds: 15', 'periodSeconds: 20', 'failureThreshold: 3']
      : ['initialDelaySeconds: 5', 'periodSeconds: 10', 'failureThreshold: 3'];
  const check = 'http' in p ? ['httpGet:', `  path: ${p.http}`, `  port: ${p.port}`] : ['tcpSocket:', `  port: ${p.tcp}`];
  return [`${kind}Probe:`, ...[...check, ...timing].map((l) => `  ${l}`)];
}

const volumeName = (path: string): string => path.replace(/^\//, '').replace(/[^a-z0-9]+/g, '-') || 'root';

function container(w: Workload): string[] {
  const v = `.Values.${w.key}`;
  const lines = [
    `- name: ${w.name}`,
    `  image: {{ include "ai-platform.image" (dict "global" .Values.global "image" ${v}.image) | quote }}`,
    '  imagePullPolicy: {{ .Values.global.imagePullPolicy }}',
  ];
  if (w.args?.length) lines.push('  args:', ...w.args.map((a) => `    - ${JSON.stringify(a)}`));
  lines.push(
    '  ports:',
    ...w.ports.flatMap((p) => [
      `    - name: ${p.name}`,
      `      containerPort: ${p.containerPort}`,
      `      protocol: ${p.protocol ?? 'TCP'}`,
    ]),
  );
  const ownImage = w.image.repository.startsWith('ai-platform/');
  const envFrom: string[] = [];
  if (ownImage) envFrom.push('    - configMapRef:', `        name: ${nameOf('global')}`);
  if (envFrom.length) lines.push('  envFrom:', ...envFrom);
  // credentials first: a later variable may reference them as $(NAME)
  const credentials = credentialEnv(w.key).map((l) => `    ${l}`);
  if (credentials.length || w.env?.length)
    lines.push(
      '  env:',
      ...credentials,
      ...(w.env ?? []).flatMap((e) =>
        'value' in e
          ? [`    - name: ${e.name}`, `      value: ${e.value}`]
          : [
              `    - name: ${e.name}`,
              '      valueFrom:',
              '        secretKeyRef:',
              `          name: ${nameOf(e.secretKeyRef.secret)}`,
              `          key: ${e.secretKeyRef.key}`,
            ],
      ),
    );
  lines.push(...probe(w.probe, 'liveness').map((l) => `  ${l}`), ...probe(w.probe, 'readiness').map((l) => `  ${l}`));
  lines.push('  resources:');
  if (w.usesGpu) {
    lines.push(
      '    requests:',
      `      {{- toYaml ${v}.resources.requests | nindent 6 }}`,
      '      {{- if gt (int .Values.gpu.perReplica) 0 }}',
      '      nvidia.com/gpu: {{ .Values.gpu.perReplica }}',
      '      {{- end }}',
      '    limits:',
      `      {{- toYaml ${v}.resources.limits | nindent 6 }}`,
      '      {{- if gt (int .Values.gpu.perReplica) 0 }}',
      '      nvidia.com/gpu: {{ .Values.gpu.perReplica }}',
      '      {{- end }}',
    );
  } else lines.push(`    {{- toYaml ${v}.resources | nindent 4 }}`);
  lines.push('  securityContext:', '    {{- include "ai-platform.containerSecurityContext" . | nindent 4 }}');
  const mounts = [
    ...w.writablePaths.map((p) => [`    - name: ${volumeName(p)}`, `      mountPath: ${p}`]),
    ...(w.claims ?? []).map((c) => [
      `    - name: ${c.claim}`,
      `      mountPath: ${c.mountPath}`,
      ...(c.readOnly ? ['      readOnly: true'] : []),
    ]),
    ...(w.configMap ? [[`    - name: config`, `      mountPath: /etc/${w.name}`, '      readOnly: true']] : []),
    ...(w.tlsSecret ? [['    - name: tls', `      mountPath: ${w.tlsSecret.mountPath}`, '      readOnly: true']] : []),
  ].flat();
  lines.push('  volumeMounts:', ...mounts);
  return lines;
}

function volumes(w: Workload): string[] {
  const out = w.writablePaths.flatMap((p) => [`- name: ${volumeName(p)}`, '  emptyDir: {}']);
  for (const c of w.claims ?? [])
    out.push(
      `- name: ${c.claim}`,
      '  persistentVolumeClaim:',
      `    claimName: ${nameOf(c.claim)}`,
      ...(c.readOnly ? ['    readOnly: true'] : []),
    );
  if (w.configMap) out.push('- name: config', '  configMap:', `    name: ${nameOf(w.configMap)}`);
  if (w.tlsSecret)
    out.push(
      '- name: tls',
      '  secret:',
      `    secretName: ${w.tlsSecret.nameHelper ? `{{ include "${w.tlsSecret.nameHelper}" $ }}` : nameOf(w.tlsSecret.secret)}`,
    );
  return out;
}

const indent = (lines: string[], n: number): string => shift(lines.join('\n'), n);

/**
 * Spreads the pods of a workload over nodes (preferred, so a small cluster still schedules them):
 * one node loss then leaves a replica running. The spread constraint is on every workload, one pod
 * or many (a single pod it never holds back, and an HPA may add more; Polaris' default
 * topologySpreadConstraint check asks for it on every controller); anti-affinity only where more
 * than one pod may run.
 */
function spread(w: Workload): string[] {
  const selector = (indent: number) => [
    `${' '.repeat(indent)}matchLabels:`,
    `${' '.repeat(indent + 2)}${selectorLabels(w.name, indent + 2)}`,
  ];
  return [
    `      {{- if ${multiReplica(w)} }}`,
    '      affinity:',
    '        podAntiAffinity:',
    '          preferredDuringSchedulingIgnoredDuringExecution:',
    '            - weight: 100',
    '              podAffinityTerm:',
    '                topologyKey: kubernetes.io/hostname',
    '                labelSelector:',
    ...selector(18),
    '      {{- end }}',
    '      topologySpreadConstraints:',
    '        - maxSkew: 1',
    '          topologyKey: kubernetes.io/hostname',
    '          whenUnsatisfiable: ScheduleAnyway',
    '          labelSelector:',
    ...selector(12),
  ];
}

/** The pod template (metadata + spec) of a workload, indented for a Deployment/StatefulSet; `spread` adds node spreading. */
export function podTemplate(w: Workload, options: { spread?: boolean } = {}): string {
  const v = `.Values.${w.key}`;
  return [
    '  template:',
    '    metadata:',
    '      labels:',
    `        {{- include "ai-platform.componentLabels" (dict "ctx" $ "component" "${w.name}") | nindent 8 }}`,
    ...Object.entries(w.podLabels ?? {}).map(([k, val]) => `        ${k}: ${JSON.stringify(val)}`),
    '        {{- with .Values.podLabels }}',
    '        {{- toYaml . | nindent 8 }}',
    '        {{- end }}',
    `      {{- with ${v}.podAnnotations }}`,
    '      annotations:',
    '        {{- toYaml . | nindent 8 }}',
    '      {{- end }}',
    '    spec:',
    `      serviceAccountName: {{ include "ai-platform.serviceAccountName" (dict "ctx" $ "account" "${w.serviceAccount}") }}`,
    `      automountServiceAccountToken: ${w.usesKubernetesApi}`,
    `      priorityClassName: ${nameOf('platform')}`,
    ...(options.spread ? spread(w) : []),
    '      securityContext:',
    `        {{- include "ai-platform.podSecurityContext" (dict "uid" ${w.runAsUser}) | nindent 8 }}`,
    '      {{- with .Values.global.imagePullSecrets }}',
    '      imagePullSecrets:',
    '        {{- range . }}',
    '        - name: {{ . | quote }}',
    '        {{- end }}',
    '      {{- end }}',
    `      {{- with ${v}.nodeSelector }}`,
    '      nodeSelector:',
    '        {{- toYaml . | nindent 8 }}',
    '      {{- end }}',
    `      {{- with ${v}.tolerations }}`,
    '      tolerations:',
    '        {{- toYaml . | nindent 8 }}',
    '      {{- end }}',
    '      containers:',
    indent(container(w), 8),
    '      volumes:',
    indent(volumes(w), 8),
  ].join('\n');
}

/** The Deployment or StatefulSet template of a workload. */
export function workloadTemplate(w: Workload): string {
  const v = `.Values.${w.key}`;
  const isSts = w.kind === 'StatefulSet';
  const replicas = w.autoscaled
    ? [`  {{- if not ${v}.autoscaling.enabled }}`, `  replicas: {{ ${v}.replicas }}`, '  {{- end }}']
    : [`  replicas: {{ ${v}.replicas }}`];
  const body = [
    `apiVersion: apps/v1`,
    `kind: ${w.kind}`,
    metadata(w.name, isSts ? { max: 52 } : {}),
    'spec:',
    ...replicas,
    ...(isSts ? [`  serviceName: ${nameOf(w.name)}`, '  podManagementPolicy: OrderedReady'] : []),
    '  revisionHistoryLimit: 5',
    '  selector:',
    '    matchLabels:',
    `      ${selectorLabels(w.name, 6)}`,
    podTemplate(w, { spread: true }),
  ].join('\n');
  return document(gate(rendered(w), body));
}
