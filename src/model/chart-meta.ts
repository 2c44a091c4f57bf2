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
  // where users and Artifact Hub find the project: the organisation that publishes the images
  // (ghcr.io/fractal-ai, release.yaml) and owns the CRD group fractal.ai
  home: 'https://github.com/fractal-ai/ai-platform',
  sources: ['https://github.com/fractal-ai/ai-platform', 'https://github.com/fractal-ai/ai-platform/tree/main/charts/ai-platform'],
  maintainers: [{ name: 'Fractal AI platform team', email: 'platform@fractal.ai', url: 'https://github.com/fractal-ai' }],
} as const;
