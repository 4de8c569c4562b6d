// The standard normal distribution function and its quantile, written for cxkit from:
//   • W. J. Cody (1969), "Rational Chebyshev Approximations for the Error Function", Mathematics of
//     Computation 23(107), 631-637, with the coefficients of his CALERF (netlib specfun/erf):
//     erf on |y| ≤ 0.46875, erfc = e^(−y²) R(y) on 0.46875 < y ≤ 4 and on y > 4 (in 1/y²);
//     relative error below 1e-16 in double precision. Φ(x) = ½ erfc(−x/√2), with e^(−x²/2)
//     evaluated from x itself (split at a multiple of 1/16, as Cody does for e^(−y²)) so that the
//     rounding of x/√2 does not grow with x² in the far lower tail;
//   • M. J. Wichura (1988), "Algorithm AS 241: The Percentage Points of the Normal Distribution",
//     Applied Statistics 37(3), 477-484, PPND16 (relative error about 1e-16, down to p = 1e-300).

const THRESHOLD = 0.46875
const ONE_OVER_SQRT_PI = 0.5641895835477563
const SQRT_HALF = Math.SQRT1_2

// Cody's coefficients (CALERF): erf on |y| ≤ 0.46875 …
const A = [3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694, 0.18577770618460315]
const B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171]
// … e^(y²) erfc(y) on 0.46875 < y ≤ 4 …
const C = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769,
  1712.0476126340707, 2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8
]
const D = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597,
  4362.619090143247, 3439.3676741437216, 1230.3393548037495
]
// … and y e^(y²) erfc(y) on y > 4, in 1/y².
const P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275, 0.0006587491615298378,
  0.016315387137302097
]
const Q = [
  2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132, 0.0023352049762686918
]

/** erf(y) for |y| ≤ 0.46875 (Cody's first approximation). */
const erfSmall = (y: number): number => {
  const ysq = y * y
  let num = (A[4] as number) * ysq
  let den = ysq
  for (let i = 0; i < 3; i++) {
    num = (num + (A[i] as number)) * ysq
    den = (den + (B[i] as number)) * ysq
  }
  return (y * (num + (A[3] as number))) / (den + (B[3] as number))
}

/** e^(y²) erfc(y) for y > 0.46875 (Cody's second and third approximations). */
const scaledErfc = (y: number): number => {
  if (y <= 4) {
    let num = (C[8] as number) * y
    let den = y
    for (let i = 0; i < 7; i++) {
      num = (num + (C[i] as number)) * y
      den = (den + (D[i] as number)) * y
    }
    return (num + (C[7] as number)) / (den + (D[7] as number))
  }
  const z = 1 / (y * y)
  let num = (P[5] as number) * z
  let den = z
  for (let i = 0; i < 4; i++) {
    num = (num + (P[i] as number)) * z
    den = (den + (Q[i] as number)) * z
  }
  return (ONE_OVER_SQRT_PI - (z * (num + (P[4] as number))) / (den + (Q[4] as number))) / y
}

/** e^(−x²/2) with x split as s + (x − s), s a multiple of 1/16, so s² is exact. */
const halfGaussian = (x: number): number => {
  const s = Math.trunc(x * 16) / 16
  return Math.exp((-s * s) / 2) * Math.exp((-(x - s) * (x + s)) / 2)
}

/** Standard normal distribution function Φ(x); Φ(−∞) = 0, Φ(∞) = 1, NaN for NaN. */
export const normalCdf = (x: number): number => {
  if (Number.isNaN(x)) return Number.NaN
  const y = Math.abs(x) * SQRT_HALF
  if (y <= THRESHOLD) return 0.5 + 0.5 * erfSmall(x * SQRT_HALF)
  // Φ(−|x|) = ½ erfc(|x|/√2) = ½ e^(−x²/2) · [e^(y²) erfc(y)]; below x ≈ −38.5 it underflows to 0.
  const lower = y > 40 ? 0 : 0.5 * halfGaussian(Math.abs(x)) * scaledErfc(y)
  return x < 0 ? lower : 1 - lower
}

// Wichura's PPND16 coefficients: the central region |p − ½| ≤ 0.425 in r = 0.180625 − q² …
const PA = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227
]
const PB = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852854
]
// … the tails with r = √(−ln min(p, 1 − p)) ≤ 5, in r − 1.6 …
const PC = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414
]
const PD = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9
]
// … and r > 5, in r − 5.
const PE = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 2.7115555687434876e-5, 2.0103343992922881e-7
]
const PF = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  1.8463183175100548e-5, 1.421511758316446e-7, 2.0442631033899397e-15
]

const ratio = (num: ReadonlyArray<number>, den: ReadonlyArray<number>, r: number): number => {
  let n = 0
  let d = 0
  for (let i = 7; i >= 0; i--) {
    n = n * r + (num[i] as number)
    d = d * r + (den[i] as number)
  }
  return n / d
}

/** Standard normal quantile Φ⁻¹(p): −∞ at 0, +∞ at 1, NaN outside [0, 1]. */
export const normalQuantile = (p: number): number => {
  if (!(p >= 0 && p <= 1)) return Number.NaN
  if (p === 0) return Number.NEGATIVE_INFINITY
  if (p === 1) return Number.POSITIVE_INFINITY
  const q = p - 0.5
  if (Math.abs(q) <= 0.425) return q * ratio(PA, PB, 0.180625 - q * q)
  // 1 − p is exact for p ≥ ½ (Sterbenz), so the upper tail keeps its accuracy.
  const r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p))
  const x = r <= 5 ? ratio(PC, PD, r - 1.6) : ratio(PE, PF, r - 5)
  return q < 0 ? -x : x
}
