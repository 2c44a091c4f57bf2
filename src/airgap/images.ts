// Every image a rendered release pulls, taken from the rendered objects themselves (never from a
// hand-kept list or from `docker images`), and whether each is in the tier's registry.
import type { KubeObject, ManifestObject } from '../io/manifests.js';
import { objectRef } from '../kube/refs.js';
import { formatPath } from '../errors.js';
import { asRecord } from '../util/data.js';
import { trimTrailingSlashes } from '../util/text.js';

/** One place an image is pulled from: an object and the container or field naming it. */
export interface ImageUser {
  /** `Kind/namespace/name` (or `Kind/name` for cluster-scoped objects). */
  readonly object: string;
  /** Container name, for images of containers, init containers and ephemeral containers. */
  readonly container?: string;
  readonly containerType?: 'container' | 'initContainer' | 'ephemeralContainer';
  /** Field path of the image inside the object, e.g. `spec.template.spec.containers[0].image`. */
  readonly field: string;
  /** The chart template the object came from (Helm's `# Source:` line), when known. */
  readonly template?: string;
  readonly file: string;
  readonly line: number;
}

/** One image and every object that pulls it. */
export interface ImageUse {
  readonly image: string;
  readonly users: readonly ImageUser[];
}

const CONTAINER_LISTS = { containers: 'container', initContainers: 'initContainer', ephemeralContainers: 'ephemeralContainer' } as const;
type ContainerList = keyof typeof CONTAINER_LISTS;

/** Kinds whose contents are not pulled by anything: a CRD's schema mentions `image` as a field name. */
const SKIPPED_KINDS = new Set(['CustomResourceDefinition']);

/** `image`, or a field whose name ends in `Image` (`sidecarImage`, `initImage`). */
const IMAGE_KEY = /^(?:image|[A-Za-z0-9_]*[a-z0-9]Image)$/;
/** Something that can be an image reference: no whitespace, no template braces, not a URL. */
const IMAGE_LIKE = /^[^\s{}]+$/;

/** `registry/repository:tag` from an `{registry?, repository, tag?, digest?}` mapping. */
function imageFromMapping(m: Record<string, unknown>): string | undefined {
  if (typeof m.repository !== 'string' || !m.repository) return undefined;
  const registry = typeof m.registry === 'string' && m.registry ? `${trimTrailingSlashes(m.registry)}/` : '';
  const tag = typeof m.tag === 'string' && m.tag ? `:${m.tag}` : typeof m.tag === 'number' ? `:${m.tag}` : '';
  const digest = typeof m.digest === 'string' && m.digest ? `@${m.digest}` : '';
  return `${registry}${m.repository}${tag}${digest}`;
}

/**
 * Every image the objects pull, sorted and de-duplicated, each with the objects that pull it.
 * Containers, init and ephemeral containers are found wherever they are (Pods, every workload's
 * pod template, custom resources embedding a pod spec); other fields named `image` (or `…Image`)
 * holding an image reference — e.g. a KAgent's `spec.image` — are found in any object but a CRD.
 */
export function listImages(objects: readonly ManifestObject[]): ImageUse[] {
  const byImage = new Map<string, ImageUser[]>();
  for (const m of objects) {
    const o = m.object;
    if (typeof o.kind === 'string' && SKIPPED_KINDS.has(o.kind)) continue;
    const base = { object: objectRef(o), template: sourceOf(m), file: m.file, line: m.line };
    const add = (image: string, user: Omit<ImageUser, 'object' | 'template' | 'file' | 'line'>) => {
      const list = byImage.get(image) ?? [];
      list.push({ ...base, ...user });
      byImage.set(image, list);
    };
    walk(o, [], add);
  }
  return [...byImage.entries()].sort(([a], [b]) => compare(a, b)).map(([image, users]) => ({ image, users: dedupeUsers(users) }));
}

function walk(
  node: unknown,
  path: (string | number)[],
  add: (image: string, user: Omit<ImageUser, 'object' | 'template' | 'file' | 'line'>) => void,
): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, [...path, i], add));
    return;
  }
  const map = asRecord(node);
  if (!map) return;
  for (const [key, value] of Object.entries(map)) {
    const here = [...path, key];
    if (key in CONTAINER_LISTS && Array.isArray(value)) {
      value.forEach((c, i) => {
        const container = asRecord(c);
        if (!container) return;
        const containerPath = [...here, i];
        if (typeof container.image === 'string') {
          add(container.image, {
            container: typeof container.name === 'string' ? container.name : `<no name>`,
            containerType: CONTAINER_LISTS[key as ContainerList],
            field: formatPath([...containerPath, 'image']),
          });
        }
        // anything else inside the container (e.g. an env value naming an image) is not pulled
      });
      continue;
    }
    if (IMAGE_KEY.test(key)) {
      if (typeof value === 'string' && value && IMAGE_LIKE.test(value)) {
        add(value, { field: formatPath(here) });
        continue;
      }
      const mapping = asRecord(value);
      const fromMapping = mapping && imageFromMapping(mapping);
      if (fromMapping) {
        add(fromMapping, { field: formatPath(here) });
        continue;
      }
    }
    walk(value, here, add);
  }
}

function sourceOf(m: ManifestObject): string | undefined {
  return /^# Source: (.+)$/m.exec(m.source)?.[1]?.trim();
}

function dedupeUsers(users: readonly ImageUser[]): ImageUser[] {
  const seen = new Map<string, ImageUser>();
  for (const u of users) {
    const key = `${u.object}\0${u.field}`;
    if (!seen.has(key)) seen.set(key, u);
  }
  return [...seen.values()].sort((a, b) => compare(formatImageUser(a), formatImageUser(b)));
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `Deployment/ai-platform/agent container agent (template ai-platform/templates/agent-deployment.yaml)`. */
export function formatImageUser(u: ImageUser): string {
  const what =
    u.container !== undefined ? `${u.containerType === 'container' ? 'container' : u.containerType} ${u.container}` : `field ${u.field}`;
  return `${u.object} ${what}${u.template ? ` (template ${u.template})` : ''}`;
}

/** An image reference split the way Docker reads it. */
export interface ImageRef {
  /** Registry host (with port), or undefined when the reference has none (Docker: docker.io). */
  readonly registry?: string;
  /** Everything after the registry host, up to the tag or digest. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/**
 * Splits an image reference. Like Docker, the first path component is a registry host only if it
 * contains `.` or `:` or is `localhost`; otherwise the image comes from docker.io.
 */
export function parseImageRef(image: string): ImageRef {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first === '') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { registry, repository: rest, tag, digest };
}

/** Why an image is not in the tier's registry. */
export type ImageFindingReason = 'no-registry' | 'empty-registry-host' | 'other-registry' | 'registry-unset';

export interface ImageFinding {
  readonly image: string;
  readonly reason: ImageFindingReason;
  readonly message: string;
  readonly users: readonly ImageUser[];
}

/** True when `image` is pulled from `registry` (a host, host:port, or host[:port]/path prefix). */
export function isInRegistry(image: string, registry: string): boolean {
  const prefix = `${trimTrailingSlashes(registry)}/`;
  return registry.trim() !== '' && image.startsWith(prefix) && image.length > prefix.length;
}

/**
 * Every image not pulled from `registry` (the tier's `global.registry`), each named with the
 * objects pulling it. An empty or missing registry fails every image.
 */
export function checkImagesInRegistry(images: readonly ImageUse[], registry: string | undefined): ImageFinding[] {
  const findings: ImageFinding[] = [];
  const unset = registry === undefined || registry.trim() === '';
  for (const use of images) {
    if (!unset && isInRegistry(use.image, registry)) continue;
    const ref = parseImageRef(use.image);
    let reason: ImageFindingReason;
    let message: string;
    if (ref.registry === '') {
      reason = 'empty-registry-host';
      message = `image ${use.image} has an empty registry host (is global.registry set?)`;
    } else if (ref.registry === undefined) {
      reason = 'no-registry';
      message = `image ${use.image} names no registry: Docker pulls it from docker.io, a public registry`;
    } else if (unset) {
      reason = 'registry-unset';
      message = `image ${use.image} is pulled from ${ref.registry}, but the tier's registry (global.registry) is not set`;
    } else {
      reason = 'other-registry';
      message = `image ${use.image} is pulled from ${ref.registry}, not from the tier's registry ${registry}`;
    }
    findings.push({ image: use.image, reason, message, users: use.users });
  }
  return findings;
}

/** Rewrites one image reference from one registry to another (unchanged when not in `from`). */
export function rewriteImageRef(image: string, from: string, to: string): string {
  if (!isInRegistry(image, from)) return image;
  return `${trimTrailingSlashes(to)}/${image.slice(trimTrailingSlashes(from).length + 1)}`;
}

/** For callers holding a bare object rather than a ManifestObject. */
export function listObjectImages(objects: readonly KubeObject[], file = '<objects>'): ImageUse[] {
  return listImages(objects.map((object, i) => ({ file, line: i + 1, object, source: '', itemPath: [] })));
}

/** `--prometheus-config-reloader=REF`, `--*image*=REF` in a container's args or command. */
const IMAGE_FLAG = /^--(?:prometheus-config-reloader|[A-Za-z0-9-]*image[A-Za-z0-9-]*)=(.+)$/i;
/** A value that names an image: `[host/]path[:tag][@digest]`, with a tag, digest or host. */
const IMAGE_REF = /^(?:[a-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._/-][a-z0-9]+)*(?::[\w][\w.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$/;
const looksLikeImage = (v: string): boolean => IMAGE_REF.test(v) && /[:/@]/.test(v);

/**
 * Images a container does not pull itself but hands to something that will (an operator's
 * `--prometheus-config-reloader=…`, `--*image*=…` flags, env vars named `*IMAGE*`): listed apart,
 * because collecting them is a decision (`--extra-image`), not a certainty.
 */
export function listIndirectImages(objects: readonly ManifestObject[]): ImageUse[] {
  const byImage = new Map<string, ImageUser[]>();
  const add = (image: string, user: ImageUser) => byImage.set(image, [...(byImage.get(image) ?? []), user]);
  const visit = (m: ManifestObject, node: unknown, path: (string | number)[]) => {
    if (Array.isArray(node)) return node.forEach((n, i) => visit(m, n, [...path, i]));
    const map = asRecord(node);
    if (!map) return;
    for (const [key, value] of Object.entries(map)) {
      if (key in CONTAINER_LISTS && Array.isArray(value)) {
        value.forEach((c, i) => {
          const container = asRecord(c);
          if (!container) return;
          const base = {
            object: objectRef(m.object),
            container: typeof container.name === 'string' ? container.name : '<no name>',
            containerType: CONTAINER_LISTS[key as ContainerList],
            template: sourceOf(m),
            file: m.file,
            line: m.line,
          };
          for (const list of ['args', 'command'] as const) {
            const items = container[list];
            if (!Array.isArray(items)) continue;
            items.forEach((arg, j) => {
              const ref = typeof arg === 'string' ? IMAGE_FLAG.exec(arg)?.[1] : undefined;
              if (ref && looksLikeImage(ref)) add(ref, { ...base, field: formatPath([...path, key, i, list, j]) });
            });
          }
          if (Array.isArray(container.env))
            container.env.forEach((e: unknown, j: number) => {
              const env = asRecord(e);
              if (
                env &&
                typeof env.name === 'string' &&
                /image/i.test(env.name) &&
                typeof env.value === 'string' &&
                looksLikeImage(env.value)
              )
                add(env.value, { ...base, field: formatPath([...path, key, i, 'env', j, 'value']) });
            });
        });
        continue;
      }
      visit(m, value, [...path, key]);
    }
  };
  for (const m of objects) if (!(typeof m.object.kind === 'string' && SKIPPED_KINDS.has(m.object.kind))) visit(m, m.object, []);
  return [...byImage.entries()].sort(([a], [b]) => compare(a, b)).map(([image, users]) => ({ image, users: dedupeUsers(users) }));
}
