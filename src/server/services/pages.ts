// Keyset pagination on the time-ordered ids: stable under concurrent inserts, no OFFSET scans.
export function pageOf<T extends { id: string }>(rows: T[], limit: number) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, next: more ? items[items.length - 1]!.id : null };
}
