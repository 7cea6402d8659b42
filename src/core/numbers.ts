/** numerator / denominator to one decimal place (halves away from zero), or null when nothing to divide by. */
export function ratio(numerator: number, denominator: number, scale = 1): number | null {
  return denominator === 0 ? null : Math.round((numerator * scale * 10) / denominator) / 10;
}
