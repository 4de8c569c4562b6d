// The two-sample z test shared by every survey metric's `compare` (NPS, CSAT, CES).
import { standardNormalCdf } from "./distributions.ts"

/**
 * z = difference / se and the two-sided p-value 2·Φ(−|z|). With a zero standard error, z is 0
 * for equal estimates (p = 1) and ±Infinity otherwise (p = 0).
 */
export const zTest = (difference: number, se: number): { readonly z: number; readonly pValue: number } => {
  const z = se === 0 ? (difference === 0 ? 0 : difference > 0 ? Infinity : -Infinity) : difference / se
  return { z, pValue: Math.min(1, 2 * standardNormalCdf(-Math.abs(z))) }
}
