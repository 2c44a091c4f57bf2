// INSTALL.md of a bundle: the steps on the far side for this tier and registry, written to work
// when followed literally with stock tools only (ssh-keygen, coreutils, skopeo, kubectl, helm).
// Every fenced `sh` block runs on its own after the settings block; no step writes inside the
// bundle (the signer file, skopeo's policy and the site values file go to $WORK, outside it).
import { trimTrailingSlashes } from '../util/text.js';
import { formatYaml } from '../io/yaml-format.js';
import { GENERATED_MARKER } from '../generators/header.js';
import { installCommands, upgradeCommands } from '../model/install.js';
import { parseImageRef } from './images.js';
import { MANIFEST_FILE, SUMS_FILE, type BundleManifest } from './manifest.js';
import { KEY_IDENTITY, SIGNATURE_FILE, SIGNATURE_NAMESPACE, SUMS_SIGNATURE_FILE } from './sign.js';
import { AIRGAP_VALUES_FILE, SITE_CHART_PATH } from './values.js';

/** Path of the model import manifest (a PVC and a copy pod) inside a bundle that carries weights. */
export const MODEL_IMPORT_FILE = 'install/model-import.yaml';
/** The PersistentVolumeClaim the weights are copied onto; `modelLoader.importClaim` names it. */
export const IMPORT_CLAIM = 'model-import';
/** The bundle's site values file: global.registry (and the import claim), rewritten for another host. */
export const SITE_VALUES = `values/${AIRGAP_VALUES_FILE}`;

export interface InstallDocOptions {
  readonly signed: boolean;
  readonly release: string;
  readonly namespace: string;
  /** The bundle carries weights and install/model-import.yaml. */
  readonly weights: boolean;
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** `s` as a literal in a sed basic regular expression. */
const sedLiteral = (s: string) => s.replace(/[.[\]*^$\\]/g, '\\$&');

/** The install steps for a bundle's manifest (written before the manifest's files are hashed). */
export function installDoc(m: Omit<BundleManifest, 'files'>, o: InstallDocOptions): string {
  const registry = m.registry || 'registry.local:5000';
  const hasSite = m.valuesFiles.includes(SITE_VALUES);
  const values = m.valuesFiles.map((f) => (f === SITE_VALUES ? '"$WORK/values-airgap.yaml"' : f));
  const recipe = { release: '"$RELEASE"', namespace: '"$NAMESPACE"', chart: m.chart.package, valuesFiles: values };
  const [namespaceStep, installStep] = installCommands(recipe);
  const sh = (...lines: string[]) => ['```sh', ...lines, '```', ''];
  let n = 0;
  const section = (title: string) => [`## ${++n}. ${title}`, ''];
  const out: string[] = [
    `# Installing ${m.chart.name} ${m.chart.version} (tier ${m.tier}) from this bundle`,
    '',
    `Created ${m.created} by aipc. The chart package is in \`charts/\`, the values files in \`values/\`,`,
    `${m.images.length ? 'every image the tier deploys in `images/` (an OCI image layout), ' : ''}model weights (when collected) in \`models/\`.`,
    'Each `sh` block below runs as written after the settings block, with stock `ssh-keygen`, coreutils, `skopeo`,',
    '`kubectl` and `helm`; stop at the first command that fails. No step writes inside this directory: the',
    'signer file, skopeo’s policy and the site values file go to `$WORK`, outside it.',
    '',
    '## 0. Settings',
    '',
    ...sh(
      `BUNDLE="\${BUNDLE:-$PWD}"                    # this directory, read only`,
      `WORK="\${WORK:-$HOME/${m.chart.name}-install}"  # outside the bundle`,
      `SIGNER_PUB="\${SIGNER_PUB:-$WORK/signer.pub}"  # the signer's public key, received out of band`,
      `REGISTRY="\${REGISTRY:-${registry}}"  # the site registry: the bundle's, or another HOST[:PORT][/PATH]`,
      `TLS_VERIFY="\${TLS_VERIFY:-true}"  # false for a registry speaking plain HTTP or with an unverified certificate`,
      `RELEASE="\${RELEASE:-${o.release}}"`,
      `NAMESPACE="\${NAMESPACE:-${o.namespace}}"`,
      'mkdir -p "$WORK"',
      'cd "$BUNDLE"',
    ),
    ...section('Verify the bundle'),
  ];
  if (o.signed) {
    out.push(
      `With aipc: \`aipc airgap verify "$BUNDLE" --key "$SIGNER_PUB"\`. Without aipc: \`${SUMS_FILE}\` is signed (\`${SUMS_SIGNATURE_FILE}\`)`,
      `and lists every file with its sha256 (\`${MANIFEST_FILE}\` included), so the signature covers every byte;`,
      'the last two lines refuse any file the signed list does not name.',
      '',
      ...sh(
        `echo "${KEY_IDENTITY} namespaces=\\"${SIGNATURE_NAMESPACE}\\" $(cat "$SIGNER_PUB")" > "$WORK/allowed_signers"`,
        `ssh-keygen -Y verify -f "$WORK/allowed_signers" -I ${KEY_IDENTITY} -n ${SIGNATURE_NAMESPACE} -s ${SUMS_SIGNATURE_FILE} < ${SUMS_FILE}`,
        `sha256sum -c --strict --quiet ${SUMS_FILE}`,
        `unlisted=$( { cut -c67- ${SUMS_FILE}; printf '%s\\n' ${SUMS_FILE} ${SUMS_SIGNATURE_FILE} ${SIGNATURE_FILE}; find . ! -type d | cut -c3-; } | LC_ALL=C sort | uniq -u)`,
        `test -z "$unlisted" || { printf 'not in the signed ${SUMS_FILE}: %s\\n' $unlisted >&2; false; }`,
      ),
    );
  } else {
    out.push(
      'This bundle is not signed: compare `sha256sum manifest.yaml` with the digest sent to you out of band, then',
      '`aipc airgap verify . --digest SHA256`. `sha256sum -c SHA256SUMS` alone proves nothing about who wrote the bundle.',
      '',
    );
  }
  out.push(...section('Load the images into the site registry'));
  if (m.images.length) {
    out.push(
      `With aipc: \`aipc airgap load "$BUNDLE" --key "$SIGNER_PUB" --registry "$REGISTRY"\` (add \`--insecure-registry\` for plain HTTP;`,
      'it writes its values file outside the bundle). Without aipc: each image is pushed byte for byte, then its',
      'manifest is read back from the registry and its sha256 compared with the digest collected. The bundle was',
      'authenticated above, so skopeo’s own signature policy accepts what it copies (the policy file is in `$WORK`).',
      '',
      ...sh(
        `echo '{"default":[{"type":"insecureAcceptAnything"}]}' > "$WORK/policy.json"`,
        'load() {  # load NAME-IN-BUNDLE PATH:TAG DIGEST',
        '  skopeo copy --quiet --preserve-digests --policy "$WORK/policy.json" --dest-tls-verify="$TLS_VERIFY" "oci:images:$1" "docker://$REGISTRY/$2"',
        '  got=$(skopeo inspect --raw --tls-verify="$TLS_VERIFY" "docker://$REGISTRY/$2" | sha256sum | cut -c1-64)',
        '  test "sha256:$got" = "$3" || { echo "$REGISTRY/$2 serves sha256:$got, the bundle has $3" >&2; return 1; }',
        '}',
        ...[...m.images]
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
          .map((i) => `load ${q(i.name)} ${q(pathOf(i.name, m.registry))} ${i.digest}`),
      ),
    );
  } else {
    out.push(
      'This bundle carries no images (`aipc airgap bundle`); `images.txt` lists the ones the tier deploys.',
      'Bring them with `aipc airgap collect`, or load them into the registry another way.',
      '',
    );
  }
  const chartRepo = `oci://$REGISTRY/${SITE_CHART_PATH}`;
  const chartRef = `$REGISTRY/${SITE_CHART_PATH}/${m.chart.name}:${m.chart.version}`;
  out.push(
    ...section('Push the chart into the site registry'),
    `With aipc, \`aipc airgap load\` does this too. The packaged chart \`${m.chart.package}\` goes to \`${chartRepo}/${m.chart.name}\``,
    `(version ${m.chart.version}) as an OCI artifact, for \`helm pull\`, GitOps controllers (\`aipc gitops --registry "$REGISTRY/${SITE_CHART_PATH}"\`)`,
    'and later installs; then the artifact is read back and its chart layer compared with the file. With',
    '`TLS_VERIFY=false`, Helm skips certificate checks and falls back to plain HTTP when the registry answers so.',
    '',
    ...sh(
      'push_chart() {  # push_chart FILE',
      `  if test "$TLS_VERIFY" = true; then helm push "$1" "${chartRepo}"; return; fi`,
      `  helm push "$1" "${chartRepo}" --insecure-skip-tls-verify 2> "$WORK/helm-push.err" && return`,
      `  grep -q 'HTTP response to HTTPS client' "$WORK/helm-push.err" || { cat "$WORK/helm-push.err" >&2; return 1; }`,
      `  helm push "$1" "${chartRepo}" --plain-http`,
      '}',
      `push_chart ${m.chart.package}`,
      `want=$(sha256sum ${m.chart.package} | cut -c1-64)`,
      `skopeo inspect --raw --tls-verify="$TLS_VERIFY" "docker://${chartRef}" | grep -q "sha256:$want" \\`,
      `  || { echo "${chartRef} does not carry the bundle's chart sha256:$want" >&2; false; }`,
    ),
  );
  if (hasSite) {
    out.push(
      ...section('The site values file'),
      `\`${SITE_VALUES}\` points the chart at ${registry}${o.weights ? ` and names the import claim \`${IMPORT_CLAIM}\`` : ''}. A copy in \`$WORK\``,
      'with `$REGISTRY` in its place is what the install uses, so another registry host needs nothing else',
      '(`aipc airgap load` writes the same override).',
      '',
      ...sh(
        `sed 's|^  registry: ${sedLiteral(registry)}$|  registry: '"$REGISTRY"'|' ${SITE_VALUES} > "$WORK/values-airgap.yaml"`,
        `grep -qx "  registry: $REGISTRY" "$WORK/values-airgap.yaml"`,
      ),
    );
  }
  out.push(
    ...section('The namespace'),
    'The chart owns its Namespace (classification and Pod Security labels): apply it alone first, then',
    '`helm install` adopts it. Never use `--create-namespace`, which creates it unlabelled.',
    '',
    ...sh(namespaceStep),
  );
  if (o.weights) {
    out.push(
      ...section('Model weights'),
      `\`${MODEL_IMPORT_FILE}\` is the PersistentVolumeClaim \`${IMPORT_CLAIM}\` and a pod mounting it (the model loader's`,
      'image, from the site registry). Copy `models/` onto it, then delete the pod; the chart’s model-loader Job mounts',
      `the claim read-only at \`/bundle\` (\`modelLoader.importClaim: ${IMPORT_CLAIM}\` is in the site values file).`,
      '`kubectl cp` needs `tar` in that image.',
      '',
      ...sh(
        `sed 's|image: ${sedLiteral(registry)}/|image: '"$REGISTRY"'/|' ${MODEL_IMPORT_FILE} | kubectl apply -n "$NAMESPACE" -f -`,
        `kubectl wait -n "$NAMESPACE" --for=condition=Ready pod/${IMPORT_CLAIM} --timeout=10m`,
        `kubectl cp -n "$NAMESPACE" models ${IMPORT_CLAIM}:/bundle/models`,
        `kubectl delete -n "$NAMESPACE" pod/${IMPORT_CLAIM}`,
      ),
    );
  }
  out.push(
    ...section('Install'),
    'From the carried chart, with the same release, namespace and values files as the namespace step',
    `(\`${chartRepo}/${m.chart.name} --version ${m.chart.version}\` is the same chart, pushed above):`,
    '',
    ...sh(installStep),
    ...section('Upgrade'),
    'A release installed from an earlier bundle: `helm upgrade` never touches the chart’s `crds/`, so the CRDs',
    'are applied first (the chart README’s Upgrading step), then the upgrade runs with the same release,',
    'namespace and values files as the install.',
    '',
    ...sh(...upgradeCommands(recipe)),
  );
  return out.join('\n');
}

/** The repository path and tag of `name` below `registry` (what follows the host in the site registry). */
function pathOf(name: string, registry: string): string {
  const prefix = trimTrailingSlashes(registry);
  if (prefix && name.startsWith(`${prefix}/`)) return name.slice(prefix.length + 1);
  const ref = parseImageRef(name);
  return `${ref.repository}${ref.tag ? `:${ref.tag}` : ''}`;
}

/** install/model-import.yaml: the claim the weights are copied onto and a pod that mounts it. */
export function modelImportManifest(opts: { image: string; bytes: number; storageClass?: string }): string {
  const gib = Math.ceil((opts.bytes * 1.1) / 1024 ** 3) + 1;
  const restricted = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
  const pvc = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: IMPORT_CLAIM },
    spec: {
      accessModes: ['ReadWriteOnce'],
      ...(opts.storageClass ? { storageClassName: opts.storageClass } : {}),
      resources: { requests: { storage: `${gib}Gi` } },
    },
  };
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: IMPORT_CLAIM },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 10001,
        runAsGroup: 10001,
        fsGroup: 10001,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'copy',
          image: opts.image,
          command: ['sleep', '86400'],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
          securityContext: restricted,
          volumeMounts: [
            { name: 'bundle', mountPath: '/bundle' },
            { name: 'tmp', mountPath: '/tmp' },
          ],
        },
      ],
      volumes: [
        { name: 'bundle', persistentVolumeClaim: { claimName: IMPORT_CLAIM } },
        { name: 'tmp', emptyDir: {} },
      ],
    },
  };
  return [
    formatYaml(pvc, {
      header: [GENERATED_MARKER, `The claim the bundle's models/ is copied onto (modelLoader.importClaim), and a pod to copy with.`],
    }),
    formatYaml(pod),
  ].join('---\n');
}
