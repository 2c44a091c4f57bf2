// A synthetic rendered-chart stream for benchmarks and throughput tests: a mix of the kinds a Helm
// chart renders (Deployments, Services, ConfigMaps, ...), formatted as `helm template` prints them.

const kinds: ((i: number) => string)[] = [
  (i) => `# Source: ai-platform/templates/deployment-${i}.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: team-${i % 7}
  labels:
    app.kubernetes.io/name: app-${i}
    app.kubernetes.io/instance: release
    app.kubernetes.io/version: "1.2.0"
    helm.sh/chart: ai-platform-1.2.0
spec:
  replicas: ${1 + (i % 3)}
  revisionHistoryLimit: 3
  selector:
    matchLabels:
      app.kubernetes.io/name: app-${i}
      app.kubernetes.io/instance: release
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  template:
    metadata:
      labels:
        app.kubernetes.io/name: app-${i}
        app.kubernetes.io/instance: release
      annotations:
        checksum/config: 5f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4
    spec:
      serviceAccountName: app-${i}
      securityContext:
        runAsNonRoot: true
        runAsUser: 1000
        fsGroup: 1000
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: app
          image: "registry.local:5000/ai-platform/agent:v1.2.0"
          imagePullPolicy: IfNotPresent
          args: ["--port=8080", "--log-level=info"]
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          env:
            - name: LOG_LEVEL
              value: info
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef:
                  fieldPath: metadata.namespace
          envFrom:
            - configMapRef:
                name: config-${i}
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            initialDelaySeconds: 10
            periodSeconds: 10
          readinessProbe:
            httpGet:
              path: /ready
              port: http
          resources:
            limits:
              cpu: "2"
              memory: 4Gi
            requests:
              cpu: 500m
              memory: 1Gi
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          volumeMounts:
            - name: data
              mountPath: /data
      volumes:
        - name: data
          persistentVolumeClaim:
            claimName: data-${i}
`,
  (i) => `# Source: ai-platform/templates/service-${i}.yaml
apiVersion: v1
kind: Service
metadata:
  name: app-${i}
  namespace: team-${i % 7}
  labels:
    app.kubernetes.io/name: app-${i}
    app.kubernetes.io/instance: release
spec:
  type: ClusterIP
  ports:
    - port: 80
      targetPort: http
      protocol: TCP
      name: http
  selector:
    app.kubernetes.io/name: app-${i}
    app.kubernetes.io/instance: release
`,
  (i) => `# Source: ai-platform/templates/configmap-${i}.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: config-${i}
  namespace: team-${i % 7}
  labels:
    app.kubernetes.io/name: app-${i}
data:
  LOG_LEVEL: info
  MODEL_NAME: mistral-7b-instruct-q4
  CONTEXT_LENGTH: "8192"
  config.yaml: |
    server:
      port: 8080
    features:
      audit: true
`,
  (i) => `# Source: ai-platform/templates/serviceaccount-${i}.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: app-${i}
  namespace: team-${i % 7}
automountServiceAccountToken: false
`,
  (i) => `# Source: ai-platform/templates/networkpolicy-${i}.yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: isolate-${i}
  namespace: team-${i % 7}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - podSelector: {}
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
          podSelector:
            matchLabels:
              k8s-app: kube-dns
      ports:
        - protocol: UDP
          port: 53
        - protocol: TCP
          port: 53
`,
  (i) => `# Source: ai-platform/templates/hpa-${i}.yaml
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: app-${i}
  namespace: team-${i % 7}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: app-${i}
  minReplicas: 1
  maxReplicas: 5
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 80
`,
  (i) => `# Source: ai-platform/templates/pdb-${i}.yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: app-${i}
  namespace: team-${i % 7}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: app-${i}
`,
  (i) => `# Source: ai-platform/templates/role-${i}.yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: app-${i}
  namespace: team-${i % 7}
rules:
  - apiGroups: [""]
    resources: [configmaps, secrets]
    verbs: [get, list, watch]
`,
];

/** `count` objects as one multi-document YAML stream (kinds in rotation, every object valid). */
export function generateManifestStream(count: number): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) docs.push(kinds[i % kinds.length](i));
  return `---\n${docs.join('---\n')}`;
}
