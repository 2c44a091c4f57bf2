// Writes test/fixtures/diff/ai-platform/: two `helm template` renders (pinned Helm 4, default
// values, CRDs included, a cluster with the Prometheus operator) of this project's chart for the diff tests.
//
// No third-party chart is reachable here (only the npm registry and Debian are, and neither ships
// one), so the pair is this project's own chart: `before` is the chart as first committed
// (1.2.0, commit c2e5d9d); `after` is the chart at commit 57f775f with a synthetic 1.3.0 release
// applied — version bump (label churn on every object), image bumps, qdrant enabled (new
// objects), the helm test pods dropped (removed objects), one ClusterRole rule inserted, one word
// of a Grafana dashboard and one alert threshold changed. Generated Secrets and the webhook CA are
// left as Helm drew them, so the pair also carries the churn `--ignore-generated` is for.
// Run: npx tsx scripts/diff-fixture.ts [OUT_DIR]
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinnedHelmPath } from '../src/helm/binary.js';
import { DEFAULT_KUBE_VERSION, DEFAULT_NAMESPACE, DEFAULT_RELEASE } from '../src/helm/run.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BASE_COMMIT = 'c2e5d9d';
// a fixed commit, not HEAD: the edits below are made to that chart's files
const AFTER_COMMIT = '57f775f';
const out = process.argv[2] ?? join(root, 'test', 'fixtures', 'diff', 'ai-platform');
const work = mkdtempSync(join(tmpdir(), 'aipc-diff-fixture-'));

/** The chart directory as it is at `ref` (`git archive`, so the work tree is not touched). */
function chartAt(ref: string, dest: string): string {
  mkdirSync(dest, { recursive: true });
  const tar = execFileSync('git', ['archive', ref, 'charts/ai-platform'], { cwd: root, maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', dest], { input: tar });
  return join(dest, 'charts', 'ai-platform');
}

/** Replaces `from` by `to` in a chart file, failing when `from` is not there `count` times. */
function edit(chart: string, file: string, from: string | RegExp, to: string, count = 1): void {
  const path = join(chart, file);
  const text = readFileSync(path, 'utf8');
  const found = typeof from === 'string' ? text.split(from).length - 1 : (text.match(new RegExp(from, 'g')) ?? []).length;
  if (found !== count) throw new Error(`${file}: expected ${count} of ${String(from)}, found ${found}`);
  writeFileSync(path, typeof from === 'string' ? text.split(from).join(to) : text.replace(new RegExp(from, 'g'), to));
}

/** A cluster with the Prometheus operator, so the monitoring objects (alert rules among them) render. */
const API_VERSIONS = [
  'monitoring.coreos.com/v1/ServiceMonitor',
  'monitoring.coreos.com/v1/PodMonitor',
  'monitoring.coreos.com/v1/PrometheusRule',
  'monitoring.coreos.com/v1alpha1/AlertmanagerConfig',
];

function render(chart: string): string {
  const args = [
    'template',
    DEFAULT_RELEASE,
    chart,
    '--namespace',
    DEFAULT_NAMESPACE,
    '--kube-version',
    DEFAULT_KUBE_VERSION,
    '--include-crds',
  ];
  return execFileSync(pinnedHelmPath('helm4'), [...args, ...API_VERSIONS.flatMap((a) => ['--api-versions', a])], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, HELM_NO_PLUGINS: '1' },
  });
}

try {
  const before = chartAt(BASE_COMMIT, join(work, 'before'));
  const after = chartAt(AFTER_COMMIT, join(work, 'after'));
  edit(after, 'Chart.yaml', /1\.2\.0/, '1.3.0', 14);
  edit(after, 'values.yaml', 'tag: v1.2.0', 'tag: v1.3.0', 6);
  edit(after, 'values.yaml', /(qdrant:\n(?:[ #].*\n)*? {2}enabled: )false/, '$1true');
  edit(after, 'values.yaml', /(tests:\n(?:[ #].*\n)*? {2}enabled: )true/, '$1false');
  edit(
    after,
    'templates/clusterrole.yaml',
    '    verbs: ["get", "list", "watch", "update", "patch"]\n',
    '    verbs: ["get", "list", "watch", "update", "patch"]\n  - apiGroups: ["coordination.k8s.io"]\n    resources: ["leases"]\n    verbs: ["get", "create", "update"]\n',
  );
  edit(after, 'templates/grafana-dashboard-agents.yaml', '"title": "ShardRuns by phase"', '"title": "ShardRuns by status"');
  edit(after, 'templates/prometheus-rules.yaml', '[15m])) > 0.1', '[15m])) > 0.05');

  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'ai-platform-1.2.0.yaml'), render(before));
  writeFileSync(join(out, 'ai-platform-1.3.0.yaml'), render(after));
  // the chart is this project's, under its licence (package.json: Apache-2.0)
  copyFileSync(join(root, 'node_modules', 'typescript', 'LICENSE.txt'), join(out, 'LICENSE'));
} finally {
  rmSync(work, { recursive: true, force: true });
}
