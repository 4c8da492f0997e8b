/** Positions 0..length−1 other than `at`, nearest `at` first (ties to the earlier one). */
export function nearestPositions(length: number, at: number): number[] {
  return Array.from({ length }, (_, i) => i).filter((i) => i !== at).sort((x, y) => Math.abs(x - at) - Math.abs(y - at) || x - y);
}
