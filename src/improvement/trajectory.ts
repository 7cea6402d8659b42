/** Trajectory text "2024-03-31: 80, 2025-03-31: 90" → points; undefined when unreadable. */
export function parseTrajectory(value: string): { date: string; value: number }[] | undefined {
  if (!value.trim()) return [];
  const points = value.split(/[,;\n]+/).map((part) => /^\s*(\d{4}-\d{2}-\d{2})\s*[:=]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(part));
  if (points.some((match) => !match)) return undefined;
  return points.map((match) => ({ date: match![1]!, value: Number(match![2]) })).sort((a, b) => (a.date < b.date ? -1 : 1));
}
