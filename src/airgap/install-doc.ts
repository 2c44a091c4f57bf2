// INSTALL.md of a bundle: the steps on the far side for this tier and registry, with and
// without aipc (OpenSSH, coreutils, skopeo and helm are enough).
import type { BundleManifest } from './manifest.js';
import { KEY_IDENTITY, SIGNATURE_FILE, SIGNATURE_NAMESPACE } from './sign.js';

/** The install steps for a bundle's manifest (written before the manifest's files are hashed). */
export function installDoc(m: Omit<BundleManifest, 'files'>, options: { signed: boolean; importClaim?: string }): string {
  const registry = m.registry || '<your registry>';
  const values = m.valuesFiles.map((f) => `-f ${f}`).join(' ');
  const lines = [
    `# Installing ${m.chart.name} ${m.chart.version} (tier ${m.tier}) from this bundle`,
    '',
    `Created ${m.created} by aipc.${m.images.length ? ' Every image the tier deploys is in `images/` (an OCI image layout),' : ''}`,
    'The chart package is in `charts/`, the values files in `values/`, model weights (when collected) in `models/`.',
    '',
    '## 1. Verify the bundle',
    '',
    options.signed
      ? [
          'With aipc: `aipc airgap verify . --key signer.pub` (the public half of the key that signed it).',
          '',
          'Without aipc, with stock OpenSSH and coreutils:',
          '',
          '```sh',
          `echo "${KEY_IDENTITY} namespaces=\\"${SIGNATURE_NAMESPACE}\\" $(cat signer.pub)" > allowed_signers`,
          `ssh-keygen -Y verify -f allowed_signers -I ${KEY_IDENTITY} -n ${SIGNATURE_NAMESPACE} -s ${SIGNATURE_FILE} < manifest.yaml`,
          'sha256sum -c SHA256SUMS',
          '```',
        ].join('\n')
      : 'This bundle is not signed: compare `sha256sum manifest.yaml` with the digest sent to you out of band, then `aipc airgap verify . --digest SHA256` or `sha256sum -c SHA256SUMS`.',
    '',
    '## 2. Load the images into the local registry',
    '',
    ...(m.images.length
      ? [
          `\`aipc airgap load . --key signer.pub --registry ${registry}\` pushes each image and reads it back by digest.`,
          'Without aipc, for each image (digests must stay as listed):',
          '',
          '```sh',
          ...m.images.map((i) => `skopeo copy --preserve-digests oci:images:${i.name} docker://${i.name}   # ${i.digest}`),
          '```',
          '',
          `Images are named for the registry ${registry}; loading into another registry, \`aipc airgap load --registry HOST:PORT\``,
          'rewrites the host and writes `values-airgap.yaml` (set `global.registry`) to add to the install below.',
        ]
      : [
          'This bundle carries no images (`aipc airgap bundle`); `images.txt` lists the ones the tier deploys.',
          'Bring them with `aipc airgap collect`, or load them into the registry another way.',
        ]),
    '',
    '## 3. Model weights',
    '',
    "The model-loader Job copies weights from `/bundle/models` onto the models PVC. Put the bundle's `models/`",
    `directory on a PersistentVolumeClaim in the release namespace (e.g. \`${options.importClaim ?? 'model-import'}\`) and install with`,
    `\`--set modelLoader.importClaim=${options.importClaim ?? 'model-import'}\`: the Job mounts it read-only at \`/bundle\`.`,
    '',
    '## 4. Install',
    '',
    '```sh',
    `helm install ${m.chart.name} ${m.chart.package} --namespace ${m.chart.name} --create-namespace ${values}`,
    '```',
    '',
  ];
  return lines.join('\n');
}
