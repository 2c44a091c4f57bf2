// Credentials from the model's table (src/model/credentials.ts): the Secrets the chart generates,
// the environment variables that read them, and the hook Job that creates them in hook mode.
// global.credentials.mode: generate (random at render time, kept by lookup), existing (the site's
// Secrets; a missing one fails the render by name), hook (created once by a pre-install Job).
import { CREDENTIALS_HOOK, credentialSets, setsInSecret, type CredentialSet } from '../../model/credentials.js';
import { GENERATED_SECRET_ANNOTATION } from '../../model/labels.js';
import { enabled, inChart, metadata, nameOf } from './snippets.js';

const MODE = '.Values.global.credentials.mode';

/** Condition: the set's component needs its credentials in this render. */
const needed = (s: CredentialSet): string => (s.needed === 'in-chart' ? inChart(s.owner) : enabled(s.owner));

/** The site's existing Secret for a set ("" when none), the older key included. */
const existing = (s: CredentialSet): string =>
  s.legacyExistingSecret
    ? `(or .Values.${s.owner}.auth.existingSecret .Values.${s.legacyExistingSecret})`
    : `.Values.${s.owner}.auth.existingSecret`;

/** Condition: the chart (or its hook) must provide the set: needed, and no Secret of the site's named. */
const provided = (s: CredentialSet): string => `and (${needed(s)}) (not ${existing(s)})`;

const keyOf = (s: CredentialSet, param: string): string => `.Values.${s.owner}.auth.secretKeys.${param}`;

/** `include` of the name of the Secret holding a set (the site's own or the chart's). */
export function credentialsSecretName(s: CredentialSet): string {
  const legacy = s.legacyExistingSecret ? ` "legacy" .Values.${s.legacyExistingSecret}` : '';
  return `{{ include "ai-platform.credentialsSecretName" (dict "ctx" $ "owner" "${s.owner}" "secret" "${s.secret}"${legacy}) }}`;
}

/** Container `env` entries (unindented) reading the credentials a workload owns, by key from its Secret. */
export function credentialEnv(owner: string): string[] {
  const s = credentialSets.find((c) => c.owner === owner && c.read);
  if (!s) return [];
  return s.keys.flatMap((k) => [
    `- name: ${k.env}`,
    '  valueFrom:',
    '    secretKeyRef:',
    `      name: ${credentialsSecretName(s)}`,
    `      key: {{ ${keyOf(s, k.param)} | quote }}`,
  ]);
}

/**
 * One generated Secret (several owners may share it), in generate mode only: its random keys come
 * from ai-platform.generatedSecretData (kept by lookup), its fixed ones from stringData.
 */
export function credentialsSecretTemplate(secret: string): string {
  const lines = ['{{- $random := list }}', '{{- $fixed := dict }}'];
  for (const s of setsInSecret(secret)) {
    lines.push(`{{- if ${provided(s)} }}`);
    for (const k of s.keys)
      lines.push(
        k.fixed
          ? `{{- $_ := set $fixed ${keyOf(s, k.param)} ${JSON.stringify(k.fixed)} }}`
          : `{{- $random = append $random ${keyOf(s, k.param)} }}`,
      );
    lines.push('{{- end }}');
  }
  lines.push(
    `{{- if and (or $random $fixed) (eq ${MODE} "generate") }}`,
    `{{- $name := include "ai-platform.componentName" (dict "ctx" $ "component" "${secret}") }}`,
    'apiVersion: v1',
    'kind: Secret',
    metadata(secret, { annotations: ['helm.sh/resource-policy: keep', `${GENERATED_SECRET_ANNOTATION}: "true"`] }),
    'type: Opaque',
    '{{- with $fixed }}',
    'stringData:',
    '  {{- range $key, $value := . }}',
    '  {{ $key }}: {{ $value | quote }}',
    '  {{- end }}',
    '{{- end }}',
    '{{- with $random }}',
    'data:',
    '  {{- include "ai-platform.generatedSecretData" (dict "ctx" $ "name" $name "keys" .) | nindent 2 }}',
    '{{- end }}',
    '{{- end }}',
  );
  return lines.join('\n');
}

// Helm runs the hook before install and upgrade; Argo CD ignores Helm's hook annotations when its
// own are present and runs it as a Sync hook after the release Namespace (wave -20) and before the
// workloads (wave 0), which a PreSync hook could not: the Namespace would not exist yet.
const hookAnnotations = (helmWeight: number, argoWave: number): string[] => [
  'helm.sh/hook: pre-install,pre-upgrade',
  `helm.sh/hook-weight: "${helmWeight}"`,
  'helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded',
  'argocd.argoproj.io/hook: Sync',
  `argocd.argoproj.io/sync-wave: "${argoWave}"`,
  'argocd.argoproj.io/hook-delete-policy: BeforeHookCreation,HookSucceeded',
];

/**
 * Existing mode: fails the render naming every credential without a Secret of the site's.
 * Hook mode: a Job that creates every credential Secret the release needs and lacks, once, and never
 * touches one that exists (so nothing rotates). The agent image's `ensure-secrets` gets each Secret and
 * creates the missing ones with `--random` keys (32 random alphanumerics) and `--fixed` keys; its own
 * ServiceAccount may only get and create Secrets in the release namespace.
 */
export function credentialsHookTemplate(): string {
  const lines = ['{{- $hookArgs := list }}', '{{- $missing := list }}'];
  for (const s of credentialSets) {
    lines.push(
      `{{- if ${provided(s)} }}`,
      `{{- $missing = append $missing "${s.owner}.auth.existingSecret (a Secret with keys ${s.keys.map((k) => k.env).join(', ')}, or as ${s.owner}.auth.secretKeys names them)" }}`,
      `{{- $secret := include "ai-platform.componentName" (dict "ctx" $ "component" "${s.secret}") }}`,
      ...s.keys.map((k) =>
        k.fixed
          ? `{{- $hookArgs = append $hookArgs (printf "--fixed=%s/%s=%s" $secret ${keyOf(s, k.param)} ${JSON.stringify(k.fixed)}) }}`
          : `{{- $hookArgs = append $hookArgs (printf "--random=%s/%s" $secret ${keyOf(s, k.param)}) }}`,
      ),
      '{{- end }}',
    );
  }
  const rbac = { annotations: hookAnnotations(-10, -6) };
  lines.push(
    // existing mode: one message naming every credential the site has not given a Secret for
    `{{- if and $missing (eq ${MODE} "existing") }}`,
    `{{- fail (printf "global.credentials.mode is existing, so every credential comes from a Secret you create; set %s" (join "; " $missing)) }}`,
    '{{- end }}',
    `{{- if and $hookArgs (eq ${MODE} "hook") }}`,
    '---',
    'apiVersion: v1',
    'kind: ServiceAccount',
    metadata(CREDENTIALS_HOOK, rbac),
    'automountServiceAccountToken: false',
    '---',
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: Role',
    metadata(CREDENTIALS_HOOK, rbac),
    'rules:',
    '  - apiGroups: [""]',
    '    resources: ["secrets"]',
    '    verbs: ["get", "create"]',
    '---',
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: RoleBinding',
    metadata(CREDENTIALS_HOOK, rbac),
    'roleRef:',
    '  apiGroup: rbac.authorization.k8s.io',
    '  kind: Role',
    `  name: ${nameOf(CREDENTIALS_HOOK)}`,
    'subjects:',
    '  - kind: ServiceAccount',
    `    name: ${nameOf(CREDENTIALS_HOOK)}`,
    '    namespace: {{ .Release.Namespace }}',
    '---',
    'apiVersion: batch/v1',
    'kind: Job',
    metadata(CREDENTIALS_HOOK, { annotations: hookAnnotations(-5, -5) }),
    'spec:',
    '  backoffLimit: 3',
    '  ttlSecondsAfterFinished: 86400',
    '  template:',
    '    metadata:',
    '      labels:',
    `        {{- include "ai-platform.componentLabels" (dict "ctx" $ "component" "${CREDENTIALS_HOOK}") | nindent 8 }}`,
    '        {{- with .Values.podLabels }}',
    '        {{- toYaml . | nindent 8 }}',
    '        {{- end }}',
    '    spec:',
    '      restartPolicy: Never',
    `      serviceAccountName: ${nameOf(CREDENTIALS_HOOK)}`,
    // the one pod of the release that creates Secrets: it needs its token, nothing else does
    '      automountServiceAccountToken: true',
    '      securityContext:',
    '        {{- include "ai-platform.podSecurityContext" (dict "uid" 10001) | nindent 8 }}',
    '      {{- with .Values.global.imagePullSecrets }}',
    '      imagePullSecrets:',
    '        {{- range . }}',
    '        - name: {{ . | quote }}',
    '        {{- end }}',
    '      {{- end }}',
    '      containers:',
    `        - name: ${CREDENTIALS_HOOK}`,
    '          image: {{ include "ai-platform.image" (dict "global" .Values.global "image" .Values.controller.image) | quote }}',
    '          imagePullPolicy: {{ .Values.global.imagePullPolicy }}',
    '          args:',
    '            - "ensure-secrets"',
    '            - {{ printf "--namespace=%s" .Release.Namespace | quote }}',
    '            {{- range $hookArgs }}',
    '            - {{ . | quote }}',
    '            {{- end }}',
    '          resources:',
    '            {{- toYaml .Values.credentialsHook.resources | nindent 12 }}',
    '          securityContext:',
    '            {{- include "ai-platform.containerSecurityContext" . | nindent 12 }}',
    '          volumeMounts:',
    '            - name: tmp',
    '              mountPath: /tmp',
    '      volumes:',
    '        - name: tmp',
    '          emptyDir: {}',
    '{{- end }}',
  );
  return lines.join('\n');
}
