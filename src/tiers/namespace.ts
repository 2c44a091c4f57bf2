// The release namespace a tier is installed in: never one Kubernetes itself owns. The chart labels
// its namespace for Pod Security and puts a default-deny over it — in kube-system that would
// relabel the control plane's namespace and cut CoreDNS off (tenant names refuse these already).
import { AipcError, EXIT_USAGE } from '../errors.js';

/** Namespaces Kubernetes creates and owns. */
export const RESERVED_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'] as const;

/** Refuses a reserved release namespace (exit 2, naming the flag). */
export function checkReleaseNamespace(namespace: string, flag = '--namespace'): void {
  if ((RESERVED_NAMESPACES as readonly string[]).includes(namespace))
    throw new AipcError(
      `${flag} ${JSON.stringify(namespace)} is reserved by Kubernetes (${RESERVED_NAMESPACES.join(', ')}): the release namespace is labelled and isolated by the chart`,
      EXIT_USAGE,
      'install into a namespace of its own, e.g. -n ai-platform',
    );
}
