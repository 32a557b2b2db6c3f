// A response category as a badge: the text always says the category (colour is never the only cue),
// and the palette is Okabe–Ito, distinguishable with the common colour-vision deficiencies (shared with
// the plots: src/plots/palette.ts).
import { categoryPalette, colourOf } from "../../../src/plots/palette.ts";

export { categoryPalette, colourOf };

export function CategoryBadge({
  category,
  status,
}: {
  category: string | null | undefined;
  status?: string | null;
}) {
  if (!category) return <span className="muted">—</span>;
  const p = categoryPalette[category] ?? { bg: "#999999", fg: "#000000", label: category };
  const preliminary = status === "preliminary";
  return (
    <span
      className={`badge${preliminary ? " badge-preliminary" : ""}`}
      style={{ background: p.bg, color: p.fg }}
      title={`${p.label}${status ? ` (${status})` : ""}`}
    >
      {category}
      {preliminary ? "-P" : ""}
    </span>
  );
}
