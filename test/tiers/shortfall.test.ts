// The GPU over-commit refusal states the least shortfall: judged after the fitting a passing compile
// applies (inference fitted down to what the tenants leave), so lowering the tenants' GPU quotas by
// exactly the stated amount makes the compile pass, and by one less does not.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { compileValues, loadChartInputs } from '../../src/tiers/compile.js';
import { tempDir } from '../helpers.js';

const chart = loadChartInputs();

/** Compiles edge (3 GPUs) with these tenant GPU quotas: undefined when it passes, else the GPU refusal's message. */
function refusal(gpus: readonly number[]): string | undefined {
  const file = join(tempDir(), 'tenants.yaml');
  const tenants = gpus.map(
    (gpu, i) =>
      `  - name: team-${i}\n    quota: {cpu: "1", memory: 1Gi, gpu: ${gpu}, pvcs: 1, pods: 4}\n    budget: {maxTotalTokens: 1000, maxTotalCost: "1.00", maxConcurrentRuns: 1}\n`,
  );
  writeFileSync(file, `tenants:\n${tenants.join('')}`);
  try {
    compileValues({ tier: 'edge', tenantsFile: file, chart });
    return undefined;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const gpu = err.diagnostics.find((d) => d.rule === 'capacity.tenant-gpu-overcommit');
    if (!gpu) throw err;
    return gpu.message;
  }
}

/** `gpus` lowered by `by` in total, the largest quotas first. */
function lowered(gpus: readonly number[], by: number): number[] {
  const out = [...gpus];
  for (let left = by; left > 0; left--) {
    const i = out.indexOf(Math.max(...out));
    out[i]--;
  }
  return out;
}

describe('the over-commit shortfall', () => {
  it('is the least GPU reduction that makes the compile pass (random tenant lists)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 5 }), (gpus) => {
        const message = refusal(gpus);
        if (message === undefined) return;
        const short = Number(/; (\d+) short; lower tenants\[\]\.quota\.gpu by \1 in total/.exec(message)?.[1]);
        expect(short, message).toBeGreaterThan(0);
        expect(refusal(lowered(gpus, short)), `lowered by ${short}`).toBeUndefined();
        if (short > 1) expect(refusal(lowered(gpus, short - 1)), `lowered by ${short - 1}`).toMatch(/1 short/);
      }),
      { numRuns: 40 },
    );
  });

  it('names the keys to change', () => {
    expect(refusal([2, 2])).toMatch(
      /inference 1 \(1 pod at its HPA maximum × 1 GPU\), team-0 2, team-1 2 = 5 > 3 GPUs .*; 2 short; lower tenants\[\]\.quota\.gpu by 2 in total, or raise hardware\.gpuNodes × hardware\.gpusPerNode in the profile/,
    );
  });
});
