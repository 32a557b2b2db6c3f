// A response category as a badge: the text always says the category (colour is never the only cue),
// and the palette is Okabe–Ito, distinguishable with the common colour-vision deficiencies. Text is
// black where white would fall under WCAG AA contrast (4.5:1) on the green and the vermilion.
export const categoryPalette: Record<string, { bg: string; fg: string; label: string }> = {
  CR: { bg: "#009E73", fg: "#000000", label: "Complete response" },
  PR: { bg: "#0072B2", fg: "#ffffff", label: "Partial response" },
  MR: { bg: "#56B4E9", fg: "#000000", label: "Minor response" },
  SD: { bg: "#E6E6E6", fg: "#000000", label: "Stable disease" },
  PD: { bg: "#D55E00", fg: "#000000", label: "Progressive disease" },
  NE: { bg: "#CC79A7", fg: "#000000", label: "Not evaluable" },
  BASELINE: { bg: "#ffffff", fg: "#000000", label: "Baseline" },
};

export function colourOf(category: string): string {
  return categoryPalette[category]?.bg ?? "#999999";
}

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
