// The three built-in tiers, exactly as the SPEC's tier table gives them: what profiles/<tier>.yaml
// (the one definition aipc loads) must hold. Test data, not a second source. Where the table is silent, the
// choice is stated: node CPU/memory (for the tenant-quota capacity check) model one GPU node as an
// AWS g5.4xlarge-like host at the edge (16 cores, 64Gi per A10G) and a 4×H100 server in the
// datacenter (64 cores, 512Gi); context lengths of fallback models are the models' own (32768);
// a hosted model's parameter count is not published, so it is 0 (no fit check applies to it).
import type { TierName, TierProfile } from '../../src/schemas/tier-profile.js';

export const EDGE: TierProfile = {
  name: 'edge',
  tier: 'edge',
  connectivity: 'none',
  classification: 'secret',
  models: {
    primary: { name: 'mistral-7b-instruct-q4', parametersBillions: 7, quantization: 'q4_K_M', contextLength: 8192, provider: 'local' },
  },
  hardware: { gpuType: 'nvidia-a10g', gpuNodes: 3, gpusPerNode: 1, cpuPerNode: '16', memoryPerNode: '64Gi' },
  memoryPerPod: '16Gi',
  network: { egress: 'deny-all', ingress: 'internal-only', approvedEgress: [] },
  registry: { type: 'local', url: 'registry.local:5000' },
};

export const DATACENTER: TierProfile = {
  name: 'datacenter',
  tier: 'datacenter',
  connectivity: 'internal',
  classification: 'secret',
  models: {
    primary: { name: 'llama-70b-instruct', parametersBillions: 70, quantization: 'none', contextLength: 32768, provider: 'local' },
    fallback: { name: 'mistral-7b-instruct', parametersBillions: 7, quantization: 'none', contextLength: 32768, provider: 'local' },
  },
  hardware: { gpuType: 'nvidia-h100', gpuNodes: 8, gpusPerNode: 4, cpuPerNode: '64', memoryPerNode: '512Gi' },
  memoryPerPod: '64Gi',
  network: { egress: 'internal-only', ingress: 'internal-only', approvedEgress: [] },
  registry: { type: 'harbor', url: 'harbor.internal.mil:443' },
};

export const CONNECTED: TierProfile = {
  name: 'connected',
  tier: 'connected',
  connectivity: 'external',
  classification: 'unclassified',
  models: {
    primary: { name: 'claude-sonnet-4', parametersBillions: 0, quantization: 'none', contextLength: 200000, provider: 'anthropic' },
    fallback: { name: 'llama-70b-instruct', parametersBillions: 70, quantization: 'none', contextLength: 32768, provider: 'local' },
  },
  hardware: { gpuType: 'cloud', gpuNodes: 0, gpusPerNode: 0 },
  memoryPerPod: '32Gi',
  network: {
    egress: 'allow-approved',
    ingress: 'load-balanced',
    // 203.0.113.0/24 is a documentation range (RFC 5737): replace it with the provider's published ranges
    approvedEgress: [{ cidr: '203.0.113.0/24', ports: [443], description: 'anthropic api' }],
  },
  registry: { type: 'ecr', url: '123456789.dkr.ecr.us-gov-west-1.amazonaws.com' },
};

export const SPEC_TIERS: Readonly<Record<TierName, TierProfile>> = { edge: EDGE, datacenter: DATACENTER, connected: CONNECTED };
