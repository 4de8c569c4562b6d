// The `aml` (Miller 1981) and `ovarian` (Edmonson et al. 1979) data of R's survival package
// (LGPL ≥ 2), typed in for the Survival and LogRank tests.
export const aml = {
  time: [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45],
  status: [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1],
  x: [...Array<string>(11).fill("Maintained"), ...Array<string>(12).fill("Nonmaintained")]
}

// futime, fustat, rx, ecog.ps
export const ovarian: ReadonlyArray<readonly [number, number, number, number]> = [
  [59, 1, 1, 1],
  [115, 1, 1, 1],
  [156, 1, 1, 2],
  [421, 0, 2, 1],
  [431, 1, 1, 1],
  [448, 0, 1, 2],
  [464, 1, 2, 2],
  [475, 1, 2, 2],
  [477, 0, 1, 1],
  [563, 1, 2, 2],
  [638, 1, 1, 2],
  [744, 0, 2, 1],
  [769, 0, 2, 2],
  [770, 0, 2, 1],
  [803, 0, 1, 1],
  [855, 0, 1, 2],
  [1040, 0, 1, 2],
  [1106, 0, 1, 1],
  [1129, 0, 2, 1],
  [1206, 0, 2, 1],
  [1227, 0, 2, 2],
  [268, 1, 1, 2],
  [329, 1, 1, 1],
  [353, 1, 2, 2],
  [365, 1, 2, 1],
  [377, 0, 2, 1]
]

// R summary(survfit(...)) at the 15 event times: time, n.risk, n.event, surv, std.err.
