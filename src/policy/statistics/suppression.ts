/**
 * Small-cell suppression for a table with margins. Primary: a cell of fewer than k people
 * is not shown. Complementary: in every line of the table (a margin and the cells that add
 * up to it), a suppressed cell must not be the only one hidden, and a shown margin must not
 * reveal a hidden group of fewer than k people; more cells are hidden until neither holds.
 */

export interface TableCell {
  /** One value per grouped dimension; null where the cell is a margin over that dimension. */
  key: readonly (string | null)[];
  /** The people count the decision rests on. */
  people: number;
}

export type Suppression = "PRIMARY" | "COMPLEMENTARY";

const id = (key: readonly (string | null)[]) => JSON.stringify(key);

/**
 * `overlapping`: dimensions whose cells can share people (order month, product category):
 * along them, hidden cells are not added up (the same few people may be in each) but the
 * largest one stands for the hidden group.
 */
export function suppressCells(
  cells: readonly TableCell[],
  k: number,
  overlapping: ReadonlySet<number> = new Set(),
): Map<string, Suppression> {
  const hidden = new Map<string, Suppression>();
  for (const c of cells) if (c.people < k) hidden.set(id(c.key), "PRIMARY");
  const lines: { margin: TableCell; parts: TableCell[]; dimension: number }[] = [];
  for (const margin of cells) {
    margin.key.forEach((value, i) => {
      if (value !== null) return;
      const parts = cells.filter(
        (c) => c.key[i] !== null && c.key.every((v, j) => j === i || v === margin.key[j]),
      );
      if (parts.length > 0) lines.push({ margin, parts, dimension: i });
    });
  }
  // Hiding only ever grows, so this ends; smallest cells go first to lose the least.
  for (let changed = true; changed;) {
    changed = false;
    for (const { margin, parts, dimension } of lines) {
      const marginHidden = hidden.has(id(margin.key));
      const hiddenParts = parts.filter((p) => hidden.has(id(p.key)));
      const shown = parts
        .filter((p) => !hidden.has(id(p.key)))
        .sort((a, b) => a.people - b.people || id(a.key).localeCompare(id(b.key)));
      const hiddenPeople = overlapping.has(dimension)
        ? Math.max(0, ...hiddenParts.map((p) => p.people))
        : hiddenParts.reduce((n, p) => n + p.people, 0);
      const alone = (marginHidden ? 1 : 0) + hiddenParts.length === 1;
      const revealsSmallGroup = !marginHidden && hiddenParts.length > 0 && hiddenPeople < k;
      if (!alone && !revealsSmallGroup) continue;
      const next = shown[0] ?? (marginHidden ? undefined : margin);
      if (!next) continue;
      hidden.set(id(next.key), "COMPLEMENTARY");
      changed = true;
    }
  }
  return hidden;
}

export const cellId = id;
