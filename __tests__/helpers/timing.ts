// Wall-clock bounds for tests that time something inside the test process (a lookup, a request,
// a file read): what this machine adds right now, measured in the same process just before, so a
// bound holds on an idle laptop and on a loaded 2-core CI machine alike. The end-to-end
// counterpart, for a whole run of the bundle, is `startupAllowanceMs()` in run-action.ts.

/** How late a short timer fires in this process now: the slowest of `samples`, in ms. */
async function timerLatenessMs(samples = 3, intervalMs = 20): Promise<number> {
  let slowest = 0;
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    slowest = Math.max(slowest, performance.now() - started - intervalMs);
  }
  return slowest;
}

/** How long a fixed piece of synchronous work takes now: the slowest of `samples`, in ms. */
function busyWorkMs(samples = 3): number {
  let slowest = 0;
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    let sum = 0;
    for (let j = 0; j < 2_000_000; j++) sum += j & 7;
    if (sum < 0) throw new Error('unreachable');
    slowest = Math.max(slowest, performance.now() - started);
  }
  return slowest;
}

/**
 * What to add to a bound written for an idle machine: ten times the slowest timer lateness and
 * piece of work seen just now (a few ms on an idle machine, hundreds under load). A test adds the
 * time its scenario should take.
 */
export async function loadAllowanceMs(): Promise<number> {
  return 10 * ((await timerLatenessMs()) + busyWorkMs());
}
