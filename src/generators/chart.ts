// The whole chart: model → files. Pure; the writer (io/atomic-write) puts them on disk.
import { formatYaml } from '../io/yaml-format.js';
import { composeOutputs, type OutputFile } from '../io/output-file.js';
import { chartMeta } from '../model/chart-meta.js';
import { workloads } from '../model/components.js';
import { release } from '../model/release.js';
import { customResourceDefinitions, exampleCustomResource, type FractalKind } from '../model/crds/index.js';
import { valuesTree } from '../model/values.js';
import { annotateTemplate } from './exception-annotations.js';
import { GENERATED_HEADER, GENERATED_MARKER } from './header.js';
import { helpersTpl } from './helpers-tpl.js';
import { CHART_ICON_FILE, chartIconSvg, chartIconUri } from './icon.js';
import { chartReadme } from './readme.js';
import { templatesByGroup } from './templates/groups.js';
import { notesTxt } from './templates/notes.js';
import { tenantNamespace } from './templates/tenants.js';
import { adminNetworkPolicy } from './templates/admin-network-policy.js';
import { testTemplates } from './templates/tests.js';
import { valuesSchemaJson, valuesYaml } from './values-files.js';

/** Every template of the chart by name. */
export const chartTemplates: Readonly<Record<string, string>> = Object.assign({}, ...Object.values(templatesByGroup));

/**
 * Every image the chart can pull (with default values), as its full upstream reference (release
 * data: `ghcr.io/...:tag`, `docker.io/library/postgres:tag`, `@digest` where pinned). A name without
 * a registry would be read as Docker Hub by the tools that read these annotations (Hauler's
 * add-images, Zarf's find-images); a tier deploys each from its own registry, the same path after it.
 */
export function chartImages(): { name: string; image: string }[] {
  const sources = new Map(release().images.map((i) => [i.repository, i]));
  return workloads.map((w) => {
    const entry = sources.get(w.image.repository);
    const ref = entry && entry.image === `${w.image.repository}:${w.image.tag}` ? entry.source : `${w.image.repository}:${w.image.tag}`;
    const digest = w.image.digest ?? entry?.digest;
    return { name: w.name, image: digest ? `${ref}@${digest}` : ref };
  });
}

/** A CRD's one-line description: its storage version's schema description, or its kind. */
function crdDescription(c: (typeof customResourceDefinitions)[number]): string {
  const version = c.spec.versions.find((v) => v.storage) ?? c.spec.versions[0];
  const d = (version.schema?.openAPIV3Schema as { description?: string } | undefined)?.description;
  return (d ?? c.spec.names.kind).split('\n')[0];
}

function chartYaml(): string {
  const images = chartImages();
  const imageList = formatYaml(images.map((i) => ({ name: i.name, image: i.image }))).trimEnd();
  const changes = release().chart.changes;
  const chart = {
    apiVersion: 'v2',
    name: chartMeta.name,
    description: chartMeta.description,
    type: chartMeta.type,
    version: chartMeta.version,
    appVersion: chartMeta.appVersion,
    kubeVersion: chartMeta.kubeVersion,
    home: chartMeta.home,
    sources: chartMeta.sources,
    maintainers: chartMeta.maintainers,
    icon: chartIconUri(),
    keywords: ['ai', 'agents', 'llm', 'inference', 'air-gap'],
    annotations: {
      // full upstream references: a tier pulls each from its own registry, the same path after it
      'helm.sh/images': imageList,
      'artifacthub.io/images': imageList,
      // the license aipc and the chart it generates are published under (package.json)
      'artifacthub.io/license': 'Apache-2.0',
      'artifacthub.io/crds': formatYaml(
        customResourceDefinitions.map((c) => ({
          kind: c.spec.names.kind,
          version: c.spec.versions.find((v) => v.storage)?.name ?? c.spec.versions[0].name,
          name: `${c.spec.names.plural}.${c.spec.group}`,
          displayName: c.spec.names.kind,
          description: crdDescription(c),
        })),
      ).trimEnd(),
      'artifacthub.io/crdsExamples': formatYaml(
        customResourceDefinitions.map((c) => exampleCustomResource(c.spec.names.kind as FractalKind)),
      ).trimEnd(),
      // this version's changelog, from the release data
      ...(changes.length ? { 'artifacthub.io/changes': formatYaml(changes).trimEnd() } : {}),
    },
  };
  return formatYaml(chart, { header: [GENERATED_MARKER] });
}

const helmIgnore = `${GENERATED_HEADER}
.DS_Store
.git/
*.swp
*.bak
*.tmp
*.orig
.aipc-output
.aipc-inputs.json
`;

/** All files of charts/ai-platform/, sorted by path; two generators writing one path is an error. */
export function generateChart(): OutputFile[] {
  // one file per entry of each group, so a name given by two groups is composeOutputs' duplicate-path error
  const templates: OutputFile[] = Object.values(templatesByGroup).flatMap((group) =>
    Object.entries(group).map(([n, content]) => ({ path: `templates/${n}.yaml`, content: annotateTemplate(n, content) })),
  );
  const tests: OutputFile[] = Object.entries(testTemplates).map(([n, c]) => ({
    path: `templates/tests/${n}.yaml`,
    content: annotateTemplate(`tests/${n}`, c),
  }));
  const crds: OutputFile[] = customResourceDefinitions.map((crd) => ({
    path: `crds/${crd.spec.names.plural}.${crd.spec.group}.yaml`,
    content: formatYaml(crd, { header: [GENERATED_MARKER] }),
  }));
  return composeOutputs(
    [
      { path: 'Chart.yaml', content: chartYaml() },
      { path: '.helmignore', content: helmIgnore },
      { path: CHART_ICON_FILE, content: chartIconSvg },
      { path: 'values.yaml', content: valuesYaml(valuesTree) },
      { path: 'values.schema.json', content: valuesSchemaJson(valuesTree) },
      { path: 'README.md', content: chartReadme() },
      { path: 'templates/_helpers.tpl', content: helpersTpl() },
      { path: 'templates/NOTES.txt', content: notesTxt },
      { path: 'templates/tenant-namespace.yaml', content: annotateTemplate('tenant-namespace', tenantNamespace) },
      { path: 'templates/admin-network-policy.yaml', content: adminNetworkPolicy },
    ],
    templates,
    tests,
    crds,
  );
}
