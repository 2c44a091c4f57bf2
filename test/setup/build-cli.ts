// CLI tests run bin/aipc.js, which loads dist/: rebuild it from the current sources first. The
// pinned binaries are provisioned here once, before the workers start using them.
import { execFileSync } from 'node:child_process';
import { pinnedHelmPath } from '../../src/helm/binary.js';
import { kubectlPath } from '../support/kubectl.js';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  pinnedHelmPath('helm4');
  pinnedHelmPath('helm3');
  kubectlPath();
}
