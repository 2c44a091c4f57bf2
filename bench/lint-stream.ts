// A stream whose lint is quadratic when done naively: `count` Deployments in one namespace, each
// with its own PodDisruptionBudget and NetworkPolicy selecting its pods by their own label. Every
// per-workload lookup (which PDBs select me, which policies isolate me, which workloads a PDB
// selects) meets every object of the other kinds unless it is indexed.

/** A manifest stream of `count` Deployments, `count` PDBs and `count` NetworkPolicies (about 1.1 KB per triple). */
export function generateLintStream(count: number): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    const app = `app-${String(i).padStart(5, '0')}`;
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
  namespace: fleet
  labels:
    app.kubernetes.io/name: ${app}
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: ${app}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${app}
        app.kubernetes.io/part-of: fleet
    spec:
      containers:
        - name: main
          image: registry.local/${app}:1.0.0
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${app}
  namespace: fleet
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: ${app}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${app}
  namespace: fleet
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: ${app}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - podSelector:
            matchLabels:
              app.kubernetes.io/name: ${app}
  egress:
    - to:
        - podSelector:
            matchLabels:
              app.kubernetes.io/part-of: fleet
`);
  }
  return docs.join('---\n');
}
