// Seeded pseudorandom numbers for the resampling methods (bootstrap), from the @stdlib project:
// the 32-bit Mersenne Twister (Matsumoto & Nishimura 1998), so a seed gives the same draws on
// every machine and in every run.
import mt19937 from "@stdlib/random-base-mt19937"

// Bound once (see the note in BetaGeo.ts on imported names under vitest's module runner).
const factory = mt19937.factory

/**
 * A generator of uniform numbers in [0, 1) on a 2⁻³² grid (one 32-bit draw each) from a seed
 * (an integer from 1 to 2³² − 1).
 */
export const uniform = (seed: number): (() => number) => {
  const generator = factory({ seed })
  return () => generator() / 4294967296
}
