/** A straight line y = intercept + slope × x. */
export interface Line {
  slope: number
  intercept: number
}

/** Tolerance for comparing computed fractions and slopes (float noise, not data). */
export const EPSILON = 1e-9

/** Ordinary least squares through the points; undefined with fewer than two distinct x. */
export function leastSquares(points: readonly {x: number; y: number}[]): Line | undefined {
  const n = points.length
  if (n < 2) return undefined
  const meanX = points.reduce((s, p) => s + p.x, 0) / n
  const meanY = points.reduce((s, p) => s + p.y, 0) / n
  let sxy = 0
  let sxx = 0
  for (const p of points) {
    sxy += (p.x - meanX) * (p.y - meanY)
    sxx += (p.x - meanX) ** 2
  }
  if (sxx === 0) return undefined
  const slope = sxy / sxx
  return {slope, intercept: meanY - slope * meanX}
}

/** The least-squares slope of a series sampled at x = 0, 1, 2, … */
export function seriesSlope(values: readonly number[]): number | undefined {
  return leastSquares(values.map((y, x) => ({x, y})))?.slope
}

/** a ÷ b, or null when b is zero (never NaN or Infinity). */
export function ratio(a: number, b: number): number | null {
  const r = a / b
  return b > 0 && Number.isFinite(r) ? r : null
}
