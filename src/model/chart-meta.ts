// Chart-level facts: name, versions (from the release data, not aipc's own version), the
// Kubernetes range it supports.
import { release } from './release.js';

export const chartMeta = {
  name: 'ai-platform',
  get version(): string {
    return release().chart.version;
  },
  get appVersion(): string {
    return release().chart.appVersion;
  },
  description: 'AI platform for agents: agent CRDs and controller, inference, ETL, gateway and UI, data stores, observability',
  // 1.25+: PodSecurityPolicy is gone and Pod Security Admission is GA; CEL CRD rules need 1.25+
  kubeVersion: '>=1.25.0-0',
  type: 'application',
} as const;
