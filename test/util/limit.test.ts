// The render limiter: never more jobs running than slots, waiting jobs started in order, a failed
// job's slot handed on. Counted, not timed.
import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../src/util/limit.js';

/** A job that stays running until released by the test. */
function gate() {
  let open!: () => void;
  let fail!: (e: Error) => void;
  const done = new Promise<void>((resolve, reject) => ((open = resolve), (fail = reject)));
  return { done, open, fail };
}

describe('createLimiter', () => {
  it('runs at most N at once and starts the waiting in order as slots free', async () => {
    const limit = createLimiter(2);
    const gates = Array.from({ length: 5 }, gate);
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const jobs = gates.map((g, i) =>
      limit(async () => {
        started.push(i);
        most = Math.max(most, ++running);
        try {
          await g.done;
        } finally {
          running--;
        }
        return i;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    gates[1].open();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    // a newcomer arriving while a slot is being handed on waits its turn
    const late = limit(async () => 'late');
    gates[0].fail(new Error('helm failed'));
    await expect(jobs[0]).rejects.toThrow('helm failed');
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2, 3]);
    for (const g of gates.slice(2)) g.open();
    expect(await Promise.all(jobs.slice(1))).toEqual([1, 2, 3, 4]);
    expect(await late).toBe('late');
    expect(most).toBe(2);
  });

  it('reads its size at each start when given a function (AIPC_JOBS)', async () => {
    let size = 1;
    const limit = createLimiter(() => size);
    const a = gate();
    const order: string[] = [];
    const first = limit(async () => {
      order.push('a');
      await a.done;
    });
    size = 2;
    const second = limit(async () => {
      order.push('b');
    });
    await second;
    expect(order).toEqual(['a', 'b']);
    a.open();
    await first;
  });
});
