/**
 * Long work on the main thread (a reload of a large corpus) done in slices, so chat commands that arrive
 * meanwhile are answered between them instead of after the whole job. Call `pause()` often; it only
 * gives way to the event loop once the current slice has run for its budget.
 */
import { setImmediate as nextTurn } from "node:timers/promises";

/** Long enough that yielding costs little; short enough that a command waits unnoticeably. */
export const SLICE_BUDGET_MS = 15;

export interface Slicer {
  pause(): Promise<void>;
}

export class TimeSlicer implements Slicer {
  private sliceStart = performance.now();

  constructor(private readonly budgetMs = SLICE_BUDGET_MS) {}

  async pause(): Promise<void> {
    if (performance.now() - this.sliceStart < this.budgetMs) return;
    await nextTurn();
    this.sliceStart = performance.now();
  }
}

/** Drives a generator that yields at points where it may pause, giving way as the slicer decides. */
export async function runSliced<T>(steps: Generator<unknown, T>, slicer: Slicer): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await slicer.pause();
  }
}

/** Runs such a generator straight through, for callers that want the result now. */
export function runAtOnce<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
