// A stream whose exposure analysis is quadratic when done naively: many tenant namespaces, each
// with its own policies naming its own selectors (a default deny of ingress only, so that its other
// pods may send anywhere; ingress from its own app's pods
// and from the monitoring namespace's scraper, egress to the DNS pods), and one workload. Every pod
// that could exist meets every namespace of the input through the entire-cluster peer.

/** A manifest stream of `namespaces` tenant namespaces (about 650 bytes each). */
export function generateIsolationStream(namespaces: number): string {
  const docs: string[] = [
    `apiVersion: v1
kind: Namespace
metadata:
  name: monitoring
  labels:
    kubernetes.io/metadata.name: monitoring
    fractal.ai/role: monitoring
---
apiVersion: v1
kind: Pod
metadata:
  name: prometheus
  namespace: monitoring
  labels:
    app: prometheus
spec:
  containers:
    - name: prometheus
      image: registry.local/prometheus:1.0
`,
  ];
  for (let i = 0; i < namespaces; i++) {
    const ns = `tenant-${String(i).padStart(5, '0')}`;
    const level = i % 2 ? 'secret' : 'restricted';
    docs.push(`apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
  labels:
    kubernetes.io/metadata.name: ${ns}
    fractal.ai/tenant: ${ns}
    fractal.ai/classification: ${level}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-ingress
  namespace: ${ns}
spec:
  podSelector: {}
  policyTypes: [Ingress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: app-${i}
  namespace: ${ns}
spec:
  podSelector:
    matchLabels:
      app: app-${i}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              role: client-${i}
      ports:
        - protocol: TCP
          port: 8080
    - from:
        - namespaceSelector:
            matchLabels:
              fractal.ai/role: monitoring
      ports:
        - protocol: TCP
          port: 9090
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
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: ${ns}
spec:
  selector:
    matchLabels:
      app: app-${i}
  template:
    metadata:
      labels:
        app: app-${i}
    spec:
      containers:
        - name: app
          image: registry.local/app:1.0
`);
  }
  return docs.join('---\n');
}
