// Chart-level facts: name, versions, the Kubernetes range it supports.
import { AIPC_VERSION } from '../version.js';

export const chartMeta = {
  name: 'ai-platform',
  version: AIPC_VERSION,
  appVersion: AIPC_VERSION,
  description: 'AI platform for agents: agent CRDs and controller, inference, ETL, gateway and UI, data stores, observability',
  // 1.25+: PodSecurityPolicy is gone and Pod Security Admission is GA; CEL CRD rules need 1.25+
  kubeVersion: '>=1.25.0-0',
  type: 'application',
} as const;
