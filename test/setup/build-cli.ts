// CLI tests run bin/aipc.js, which loads dist/: rebuild it from the current sources first.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
