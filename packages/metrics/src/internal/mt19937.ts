// The 32-bit Mersenne Twister MT19937, written for cxkit from M. Matsumoto & T. Nishimura (1998),
// "Mersenne Twister: A 623-dimensionally equidistributed uniform pseudo-random number
// generator", ACM TOMS 8(1), 3-30, and their reference mt19937ar.c (2002): init_genrand for a
// 32-bit seed, init_by_array for a key, the twist and the tempering. A numeric seed is seeded with
// init_genrand, as @stdlib/random-base-mt19937 (the generator cxkit used before) does, so seeded
// draws are unchanged.

const N = 624
const M = 397
const MATRIX_A = 0x9908b0df
const UPPER = 0x80000000
const LOWER = 0x7fffffff

/** init_genrand: mt[i] = 1812433253 · (mt[i−1] ⊕ (mt[i−1] >>> 30)) + i (mod 2³²). */
const initGenrand = (seed: number): Uint32Array => {
  const mt = new Uint32Array(N)
  mt[0] = seed >>> 0
  for (let i = 1; i < N; i++) {
    const prev = mt[i - 1] as number
    mt[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i
  }
  return mt
}

/** init_by_array (mt19937ar.c), for keys of more than one word. */
const initByArray = (key: ReadonlyArray<number>): Uint32Array => {
  const mt = initGenrand(19650218)
  let i = 1
  let j = 0
  for (let k = Math.max(N, key.length); k > 0; k--) {
    const prev = mt[i - 1] as number
    mt[i] = ((mt[i] as number) ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + (key[j] as number) + j
    i++
    j++
    if (i >= N) {
      mt[0] = mt[N - 1] as number
      i = 1
    }
    if (j >= key.length) j = 0
  }
  for (let k = N - 1; k > 0; k--) {
    const prev = mt[i - 1] as number
    mt[i] = ((mt[i] as number) ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i
    i++
    if (i >= N) {
      mt[0] = mt[N - 1] as number
      i = 1
    }
  }
  mt[0] = UPPER
  return mt
}

/**
 * A generator of 32-bit unsigned integers from a seed: a number (init_genrand) or an array of
 * 32-bit words (init_by_array).
 */
export const mt19937 = (seed: number | ReadonlyArray<number>): (() => number) => {
  const mt = typeof seed === "number" ? initGenrand(seed) : initByArray(seed)
  let index = N
  return () => {
    if (index >= N) {
      for (let k = 0; k < N; k++) {
        const y = ((mt[k] as number) & UPPER) | ((mt[(k + 1) % N] as number) & LOWER)
        mt[k] = (mt[(k + M) % N] as number) ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0)
      }
      index = 0
    }
    let y = mt[index++] as number
    y ^= y >>> 11
    y ^= (y << 7) & 0x9d2c5680
    y ^= (y << 15) & 0xefc60000
    y ^= y >>> 18
    return y >>> 0
  }
}
