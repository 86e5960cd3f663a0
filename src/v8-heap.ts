/**
 * The heap setting the action makes for itself. V8 doubles the young generation (semi-spaces of up
 * to 64 MiB, 128 MiB or more resident) while many new objects survive, which is what reading a big
 * report is: each finding made stays. The action cannot pass V8 options to the runner's node, and the
 * semi-space maximum is fixed when the heap is made; the growth factor is read at each growth, so
 * setting it at start-up keeps the young generation at its first size.
 *
 * Measured on 50,000 findings (bench/big-reports.mjs, bench/RESULTS.md): peak 227 MiB instead of
 * 285-335 MiB, the same CPU time. __tests__/v8-heap.test.ts checks that the V8 the action runs on
 * still knows the flag (an unknown one would only print an error line, and the memory would grow).
 */
import { setFlagsFromString } from 'node:v8'

export const YOUNG_GENERATION_FLAG = '--semi-space-growth-factor=1'

export function keepYoungGenerationSmall(): void {
  setFlagsFromString(YOUNG_GENERATION_FLAG)
}
