// Orders by a small integer key without a comparator: a counting sort (Knuth, TAOCP vol. 3,
// §5.2, algorithm D), O(n + range) and stable, for the survival and cohort counting paths.

/** Indices 0…n − 1 in increasing order of `keys[i]` (integers in [0, range)), stable. */
export const countingSort = (keys: ArrayLike<number>, n: number, range: number): Int32Array => {
  const starts = new Int32Array(range + 1)
  for (let i = 0; i < n; i++) {
    const slot = (keys[i] as number) + 1
    starts[slot] = (starts[slot] as number) + 1
  }
  for (let k = 1; k <= range; k++) starts[k] = (starts[k] as number) + (starts[k - 1] as number)
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const k = keys[i] as number
    order[starts[k] as number] = i
    starts[k] = (starts[k] as number) + 1
  }
  return order
}
