// Dense linear algebra for the absorbing Markov chain of Markov attribution.

/**
 * Solves A x = b by Gaussian elimination with partial pivoting (Golub & Van Loan, Matrix
 * Computations, 4th ed., algorithm 3.4.1). `a` is n×n row-major and is overwritten, as is `b`.
 * Returns `undefined` when a pivot vanishes (singular to working precision).
 */
export const solve = (a: Float64Array, b: Float64Array, n: number): Float64Array | undefined => {
  for (let k = 0; k < n; k++) {
    let pivot = k
    let best = Math.abs(a[k * n + k] as number)
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k] as number)
      if (v > best) {
        best = v
        pivot = i
      }
    }
    if (!(best > 1e-300)) return undefined
    if (pivot !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j] as number
        a[k * n + j] = a[pivot * n + j] as number
        a[pivot * n + j] = t
      }
      const t = b[k] as number
      b[k] = b[pivot] as number
      b[pivot] = t
    }
    const akk = a[k * n + k] as number
    for (let i = k + 1; i < n; i++) {
      const f = (a[i * n + k] as number) / akk
      if (f === 0) continue
      for (let j = k; j < n; j++) a[i * n + j] = (a[i * n + j] as number) - f * (a[k * n + j] as number)
      b[i] = (b[i] as number) - f * (b[k] as number)
    }
  }
  const x = new Float64Array(n)
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i] as number
    for (let j = i + 1; j < n; j++) s -= (a[i * n + j] as number) * (x[j] as number)
    x[i] = s / (a[i * n + i] as number)
  }
  return x
}
