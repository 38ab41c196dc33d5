// Whether the JS thread kept turning while native calls were pending, told by
// counting, not by timing: a call that did libvirt's work on the JS thread
// would let a 1 ms interval timer run (almost) never while it is pending,
// whatever the machine's speed; an asynchronous one lets it run many times.
// Gap sizes are a speed measure and live in the benchmarks (npm run bench),
// where a loaded CI machine cannot fail a test with them.

export interface LoopTurns<T> {
  result: T;
  /** Times the 1 ms interval timer ran while `work` was pending. */
  turns: number;
  /** How long `work` was pending (for the log only). */
  ms: number;
  /** The longest wait between two timer runs (for the log only). */
  maxGapMs: number;
}

export async function loopTurnsDuring<T>(work: () => Promise<T>): Promise<LoopTurns<T>> {
  let turns = 0;
  let maxGapMs = 0;
  const t0 = performance.now();
  let last = t0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    turns++;
  }, 1);
  try {
    const result = await work();
    return { result, turns, ms: performance.now() - t0, maxGapMs };
  } finally {
    clearInterval(timer);
  }
}
