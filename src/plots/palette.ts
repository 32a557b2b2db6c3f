// The response-category palette shared by the web (badges) and the plots (web and PDF). Okabe–Ito
// colours stay distinguishable with the common colour-vision deficiencies; the text (or a legend) always
// says the category too, so colour is never the only cue.
export const categoryPalette: Record<string, { bg: string; fg: string; label: string }> = {
  CR: { bg: "#009E73", fg: "#000000", label: "Complete response" },
  PR: { bg: "#0072B2", fg: "#ffffff", label: "Partial response" },
  MR: { bg: "#56B4E9", fg: "#000000", label: "Minor response" },
  SD: { bg: "#E6E6E6", fg: "#000000", label: "Stable disease" },
  PD: { bg: "#D55E00", fg: "#000000", label: "Progressive disease" },
  NE: { bg: "#CC79A7", fg: "#000000", label: "Not evaluable" },
  BASELINE: { bg: "#ffffff", fg: "#000000", label: "Baseline" },
};

/** Best-response categories in their clinical order (best first). */
export const RESPONSE_ORDER = ["CR", "PR", "MR", "SD", "PD", "NE"] as const;

/** A darker stroke for SD bars and lines, whose light grey fill would vanish on white. */
export const SD_STROKE = "#7a7a7a";

export function colourOf(category: string): string {
  return categoryPalette[category]?.bg ?? "#999999";
}

/** The colour for a line or a mark on white (SD's fill is too light to be seen as a line). */
export function lineColourOf(category: string): string {
  return category === "SD" ? SD_STROKE : colourOf(category);
}
