// Which NIST SP 800-53 (Rev. 5) controls each part of an evidence pack evidences, with a one-line
// rationale: data, kept beside the pack so an assessor's control matrix can be re-run instead of
// kept by hand. An item is a checklist item's id (checks/checklist) or a section of the pack.

/** A control the pack can evidence: its SP 800-53 Rev. 5 identifier and title. */
export interface Control {
  readonly id: string;
  readonly title: string;
}

/** One item of the pack and the controls it evidences, with why. */
export interface ControlMapping {
  /** A checklist item id, or a pack section (`pod-security`, `lint`, `images`, `capacity`, `isolation`, `identity`). */
  readonly item: string;
  readonly controls: readonly string[];
  readonly rationale: string;
}

/** The controls named below, with their Rev. 5 titles. */
export const CONTROLS: readonly Control[] = [
  { id: 'AC-3', title: 'Access Enforcement' },
  { id: 'AC-4', title: 'Information Flow Enforcement' },
  { id: 'AC-6', title: 'Least Privilege' },
  { id: 'AC-16', title: 'Security and Privacy Attributes' },
  { id: 'AU-2', title: 'Event Logging' },
  { id: 'AU-10', title: 'Non-repudiation' },
  { id: 'AU-12', title: 'Audit Record Generation' },
  { id: 'CM-2', title: 'Baseline Configuration' },
  { id: 'CM-3', title: 'Configuration Change Control' },
  { id: 'CM-6', title: 'Configuration Settings' },
  { id: 'CM-7', title: 'Least Functionality' },
  { id: 'CM-8', title: 'System Component Inventory' },
  { id: 'IA-5', title: 'Authenticator Management' },
  { id: 'SC-6', title: 'Resource Availability' },
  { id: 'SC-7', title: 'Boundary Protection' },
  { id: 'SI-7', title: 'Software, Firmware, and Information Integrity' },
  { id: 'SR-4', title: 'Provenance' },
];

/** Every checklist item and pack section, in the pack's order, mapped to the controls it evidences. */
export const CONTROL_MAPPINGS: readonly ControlMapping[] = [
  {
    item: 'identity',
    controls: ['CM-2', 'SI-7', 'AU-10'],
    rationale:
      'the tool version, chart digest and a sha256 of every input pin the baseline the evidence describes; the SSH signature binds it to its signer',
  },
  {
    item: 'tier-identified',
    controls: ['CM-2', 'CM-6'],
    rationale: 'the deployment uses the documented baseline of its tier, and the rendered objects carry that tier',
  },
  {
    item: 'connectivity-stated',
    controls: ['SC-7', 'CM-6'],
    rationale: "the tier's connectivity, egress and ingress settings are the boundary the site is accredited for",
  },
  {
    item: 'model-fits',
    controls: ['SC-6'],
    rationale: "the model's memory fits the tier's GPUs, so inference is available within the hardware allotted",
  },
  {
    item: 'images-in-registry',
    controls: ['SR-4', 'CM-8'],
    rationale: "every image comes from the tier's registry, a known origin, and is inventoried",
  },
  {
    item: 'namespace-classification',
    controls: ['AC-16', 'AC-4'],
    rationale: 'each namespace carries its classification label, the attribute flow decisions are made on',
  },
  {
    item: 'networkpolicies-block-cross-namespace',
    controls: ['AC-4', 'SC-7'],
    rationale: 'NetworkPolicies stop traffic across tenant and classification boundaries, for every pod that could run',
  },
  {
    item: 'rbac-namespaced',
    controls: ['AC-3', 'AC-6'],
    rationale: 'agents hold namespace-scoped Roles only; no wildcard rules, no cluster-wide grants to tenants',
  },
  {
    item: 'audit-on',
    controls: ['AU-2', 'AU-12'],
    rationale: 'the agent controller and every KAgent have audit enabled, so tool calls and decisions are recorded',
  },
  {
    item: 'tenant-namespaces',
    controls: ['AC-4', 'SC-6'],
    rationale: 'one namespace per tenant with a ResourceQuota and a BudgetQuota separates tenants and bounds what each consumes',
  },
  {
    item: 'network-isolation',
    controls: ['SC-7', 'AC-4'],
    rationale: "nothing reaches outside the cluster beyond the tier's egress rules (nothing at all at the edge)",
  },
  {
    item: 'chart-version-matches-bundle',
    controls: ['CM-2', 'SI-7', 'SR-4'],
    rationale: 'the chart carried across the gap is the verified, signed one of the version checked',
  },
  {
    item: 'bundle-matches-tier',
    controls: ['SI-7', 'SR-4'],
    rationale: "the verified bundle was made for this tier and this registry, not another site's",
  },
  {
    item: 'values-applied',
    controls: ['CM-6'],
    rationale: "the rendered configuration carries the tier's settings (model, classification, registry)",
  },
  {
    item: 'dependencies-resolved',
    controls: ['CM-2', 'CM-8'],
    rationale: 'every custom resource has its definition in the release: the inventory is complete',
  },
  {
    item: 'render-stable',
    controls: ['CM-2', 'CM-3', 'IA-5'],
    rationale:
      'a GitOps site re-renders on every sync: a render that draws credentials anew silently rotates them and drifts from the approved baseline',
  },
  {
    item: 'lint-clean',
    controls: ['CM-6', 'CM-7'],
    rationale: 'kube-linter and Polaris checks pass, each accepted exception declared with its reason',
  },
  {
    item: 'pod-security',
    controls: ['AC-6', 'CM-7'],
    rationale: 'every workload meets the restricted Pod Security Standard, or a declared exception says why not',
  },
  {
    item: 'lint',
    controls: ['CM-6', 'CM-7'],
    rationale: 'configuration best practice checked object by object; accepted exceptions listed with reasons',
  },
  {
    item: 'images',
    controls: ['CM-8', 'SR-4', 'SI-7'],
    rationale: 'every image the release pulls, who pulls it and its digest where pinned or verified in a bundle',
  },
  {
    item: 'capacity',
    controls: ['SC-6'],
    rationale: "tenant quotas and the platform's own workloads fit the tier's hardware",
  },
  {
    item: 'isolation',
    controls: ['AC-4', 'SC-7'],
    rationale: 'the namespace reachability graph and the policies allowing each cross-namespace connection',
  },
];

/** Controls → the items evidencing each, in CONTROLS' order (controls no item names left out). */
export function controlsToItems(mappings: readonly ControlMapping[] = CONTROL_MAPPINGS): { control: Control; items: string[] }[] {
  return CONTROLS.map((control) => ({ control, items: mappings.filter((m) => m.controls.includes(control.id)).map((m) => m.item) })).filter(
    (r) => r.items.length > 0,
  );
}
