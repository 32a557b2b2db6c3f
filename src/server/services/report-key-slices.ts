/// <reference lib="dom" />
// The subject PDF's key slices: for each time point with a stored image, each lesion of the read with a
// recorded measurement (lesion.measurement: slice and the two lines' end points, the same the web viewer
// draws) gets its measured slice — a grayscale PNG in a data: URI (window: the image's 1st–99th
// percentile) under an SVG with the mask outline and the two lines labelled in mm, so the lines stay
// vector in the PDF. The caption carries the read's own diameters and product (the numbers the engine
// assesses). Scans follow the image routes' rules (getTimepointFile): a reader's PDF shows no scan the
// reader may not open yet. At most KEY_SLICES_PER_TIMEPOINT slices a time point (one row).
import { mmToUm } from "../../engine/core/exact.ts";
import { type KeySlice, renderKeySlice, robustWindow } from "../../imaging/key-slice.ts";
import {
  type ImageVolume,
  parseImageVolume,
  parseLabelVolume,
} from "../../imaging/nifti/read-label-volume.ts";
import type { LabelVolume, Vec3 } from "../../imaging/types.ts";
import type { Ctx } from "../context.ts";
import { Problem } from "../http/problem.ts";
import { getTimepointFile } from "./images.ts";
import { loadRead } from "./read-data.ts";

/** One row of slices per time point: four fit the A4 width at a legible size. */
export const KEY_SLICES_PER_TIMEPOINT = 4;
/** Printed width of one key slice, mm. */
const FIGURE_MM = 44;

export const KEY_SLICE_CSS = `
.key-tp { page-break-inside: avoid; margin: 0 0 6pt; }
h2.key-slices, p.key-legend { break-after: avoid; page-break-after: avoid; }
.key-row { display: flex; flex-wrap: wrap; gap: 3mm; }
figure.key { width: ${FIGURE_MM}mm; margin: 0; page-break-inside: avoid; }
figure.key svg { display: block; background: #000; }
figure.key figcaption { font-size: 7.5pt; color: #111; margin-top: 1pt; line-height: 1.25; }
.legend-swatch { display: inline-block; width: 8pt; height: 3pt; vertical-align: middle; margin: 0 2pt 0 4pt; }
`;

/** Outline colours per BraTS label (Okabe–Ito, as the web viewer's overlay); other labels in purple. */
const LABEL_COLOURS: Record<number, { colour: string; name: string }> = {
  1: { colour: "#BBBBBB", name: "necrosis" },
  2: { colour: "#56B4E9", name: "non-enhancing" },
  3: { colour: "#CC79A7", name: "label 3" },
  4: { colour: "#E69F00", name: "enhancing" },
};
const colourOf = (label: number) => LABEL_COLOURS[label]?.colour ?? "#CC79A7";
const LINE_COLOUR = "#FFFFFF";
const CAP_COLOUR = "#0072B2";

type El = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Record<string, string>,
  ...children: Array<Node | string | null>
) => HTMLElementTagNameMap[K];

interface StoredLesion {
  id: string;
  component?: string;
  role?: string;
  status?: string;
  diametersMm?: [number, number];
  measurement?: {
    planeAxis?: 0 | 1 | 2;
    slice: number;
    longestMm: [Vec3, Vec3];
    perpendicularMm: [Vec3, Vec3];
  };
}

const ROLE_ORDER: Record<string, number> = { target: 0, new: 1, non_target: 2 };
const mm1 = (x: number) => (Math.round(x * 10) / 10).toFixed(1);

/** LD × PD and their product as the engine takes them: LD the larger, the product exact in µm². */
export function diametersText(d: readonly [number, number]) {
  const ld = Math.max(d[0], d[1]);
  const pd = Math.min(d[0], d[1]);
  const product = (mmToUm(ld) * mmToUm(pd)) / 1_000_000;
  return { ld, pd, product, text: `${ld} × ${pd} mm, ${Number(product.toFixed(2))} mm²` };
}

async function scan(ctx: Ctx, subjectId: string, tpId: string, kind: "image" | "mask") {
  try {
    return { ok: true as const, content: (await getTimepointFile(ctx, subjectId, tpId, kind)).content };
  } catch (e) {
    if (e instanceof Problem && (e.status === 403 || e.status === 404))
      return { ok: false as const, status: e.status, detail: e.detail ?? e.title };
    throw e;
  }
}

/** The SVG of one key slice: the PNG, the mask outline, the two lines with end caps and mm labels. */
function sliceSvg(doc: Document, k: KeySlice, ld: number | null, pd: number | null) {
  const NS = "http://www.w3.org/2000/svg";
  const s = (tag: string, attrs: Record<string, string | number>, text?: string) => {
    const e = doc.createElementNS(NS, tag);
    for (const [a, v] of Object.entries(attrs)) e.setAttribute(a, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const w = k.widthMm;
  const h = k.heightMm;
  const u = w / FIGURE_MM; // view units per printed mm
  const svg = s("svg", {
    xmlns: NS,
    viewBox: `0 0 ${w} ${h}`,
    width: `${FIGURE_MM}mm`,
    height: `${((FIGURE_MM * h) / w).toFixed(2)}mm`,
    role: "img",
  });
  svg.append(
    s("image", {
      href: `data:image/png;base64,${Buffer.from(k.png).toString("base64")}`,
      x: 0,
      y: 0,
      width: w,
      height: h,
      preserveAspectRatio: "none",
      style: "image-rendering: pixelated",
    }),
  );
  for (const o of k.outline)
    svg.append(
      s("path", {
        d: o.path,
        fill: "none",
        stroke: colourOf(o.label),
        "stroke-width": 0.3 * u,
        "stroke-linecap": "square",
      }),
    );
  const font = 2.3 * u;
  // A label beyond one end of its line, on a dark plate (text drawn once: a stroked halo would be
  // printed as a second copy of the text), kept inside the picture.
  const place = (end: [number, number], other: [number, number], text: string) => {
    const len = Math.hypot(end[0] - other[0], end[1] - other[1]) || 1;
    const half = text.length * font * 0.3 + 0.4 * u;
    const x = Math.min(w - half, Math.max(half, end[0] + ((end[0] - other[0]) / len) * (half + 0.8 * u)));
    const y = Math.min(
      h - 0.4 * u,
      Math.max(font + 0.4 * u, end[1] + ((end[1] - other[1]) / len) * font + font / 3),
    );
    return { x, y, half, text };
  };
  const draw = (l: { x: number; y: number; half: number; text: string }) => [
    s("rect", {
      x: (l.x - l.half).toFixed(2),
      y: (l.y - font * 0.95).toFixed(2),
      width: (2 * l.half).toFixed(2),
      height: (font * 1.25).toFixed(2),
      rx: 0.5 * u,
      fill: "#000",
      "fill-opacity": 0.6,
    }),
    s(
      "text",
      {
        x: l.x.toFixed(2),
        y: l.y.toFixed(2),
        "text-anchor": "middle",
        "font-size": font.toFixed(2),
        "font-family": "DejaVu Sans, sans-serif",
        fill: LINE_COLOUR,
      },
      l.text,
    ),
  ];
  for (const line of [k.longest, k.perpendicular]) {
    const [x0, y0] = line.from;
    const [x1, y1] = line.to;
    const seg = { x1: x0.toFixed(3), y1: y0.toFixed(3), x2: x1.toFixed(3), y2: y1.toFixed(3) };
    svg.append(
      s("line", { ...seg, stroke: "#000", "stroke-width": 0.8 * u, "stroke-opacity": 0.75 }),
      s("line", { ...seg, stroke: LINE_COLOUR, "stroke-width": 0.35 * u }),
      s("circle", { cx: seg.x1, cy: seg.y1, r: 0.45 * u, fill: CAP_COLOUR }),
      s("circle", { cx: seg.x2, cy: seg.y2, r: 0.45 * u, fill: CAP_COLOUR }),
    );
  }
  // LD beyond its "to" end; PD beyond whichever of its ends is farther from the LD label.
  const ldLabel = place(k.longest.to, k.longest.from, `LD ${mm1(ld ?? k.longest.lengthMm)} mm`);
  const pdText = `PD ${mm1(pd ?? k.perpendicular.lengthMm)} mm`;
  const pdLabels = [
    place(k.perpendicular.to, k.perpendicular.from, pdText),
    place(k.perpendicular.from, k.perpendicular.to, pdText),
  ];
  const dist = (a: { x: number; y: number }) => Math.hypot(a.x - ldLabel.x, (a.y - ldLabel.y) * 3);
  const pdLabel = dist(pdLabels[0]!) >= dist(pdLabels[1]!) ? pdLabels[0]! : pdLabels[1]!;
  svg.append(...draw(ldLabel), ...draw(pdLabel));
  for (const [text, x, y, anchor] of [
    [k.orientation.left, 0.6 * u, h / 2, "start"],
    [k.orientation.right, w - 0.6 * u, h / 2, "end"],
    [k.orientation.top, w / 2, font, "middle"],
    [k.orientation.bottom, w / 2, h - 0.6 * u, "middle"],
  ] as const)
    svg.append(
      s(
        "text",
        {
          x,
          y,
          "text-anchor": anchor,
          "font-size": (font * 0.85).toFixed(2),
          fill: "#FFD700",
          "font-family": "DejaVu Sans, sans-serif",
        },
        text,
      ),
    );
  return svg;
}

/** The "Key slices" section, or null when no time point of the subject has a stored image. */
export async function keySlicesSection(
  ctx: Ctx,
  subjectId: string,
  readId: string | null,
  doc: Document,
  el: El,
): Promise<Node[] | null> {
  const db = ctx.database.db;
  const tps = await db
    .selectFrom("timepoints")
    .select(["id", "date"])
    .where("subject_id", "=", subjectId)
    .orderBy("date")
    .execute();
  const stored =
    tps.length === 0
      ? []
      : await db
          .selectFrom("timepoint_files")
          .select(["timepoint_id", "kind"])
          .where(
            "timepoint_id",
            "in",
            tps.map((t) => t.id),
          )
          .execute();
  const has = new Set(stored.map((f) => `${f.timepoint_id}:${f.kind}`));
  if (!tps.some((t) => has.has(`${t.id}:image`))) return null;
  const read = readId ? await loadRead(db, readId) : null;
  const byTp = new Map((read?.timepoints ?? []).map((t) => [t.timepointId, t]));

  const out: Node[] = [
    el("h2", { class: "key-slices" }, "Key slices"),
    el(
      "p",
      { class: "note key-legend" },
      "Each lesion's measured slice with its longest diameter and the perpendicular (white, end points in blue, lengths in mm) as recorded in the read; window: the image's 1st–99th intensity percentile; neurological orientation (R on the right). Mask outline:",
      ...Object.values(LABEL_COLOURS)
        .filter((l) => !l.name.startsWith("label"))
        .flatMap((l) => [el("span", { class: "legend-swatch", style: `background:${l.colour}` }), l.name]),
      ".",
    ),
  ];
  for (const tp of tps) {
    const section = el("section", { class: "key-tp" }, el("h3", {}, `Scan of ${tp.date}`));
    out.push(section);
    const say = (text: string) => section.append(el("p", { class: "note" }, text));
    if (!has.has(`${tp.id}:image`)) {
      say("No image is stored for this time point.");
      continue;
    }
    const rt = byTp.get(tp.id);
    if (!rt || rt.data === null) {
      say(
        read ? "This time point is not read yet in this read: no measurement to show." : "No read to show.",
      );
      continue;
    }
    const lesions = rt.lesions
      .map((l) => ({ ...(l.lesion as Omit<StoredLesion, "id">), id: l.id }) as StoredLesion)
      .filter((l) => l.status !== "absent");
    const drawn = lesions
      .filter((l) => l.measurement)
      .sort((a, b) => (ROLE_ORDER[a.role ?? ""] ?? 3) - (ROLE_ORDER[b.role ?? ""] ?? 3));
    const byHand = lesions.filter((l) => !l.measurement && l.diametersMm);
    if (drawn.length === 0) {
      say(
        lesions.length === 0
          ? "No lesion is recorded at this time point."
          : "No lesion of this read has a recorded measured slice on this scan.",
      );
    } else {
      const image = await scan(ctx, subjectId, tp.id, "image");
      if (!image.ok) {
        say(
          image.status === 403
            ? `The scan is not shown: ${image.detail}.`
            : "No image is stored for this time point.",
        );
        continue;
      }
      let volume: ImageVolume;
      try {
        volume = parseImageVolume(image.content, `image of ${tp.date}`);
      } catch (e) {
        say(`The stored image cannot be read: ${(e as Error).message}.`);
        continue;
      }
      let mask: LabelVolume | null = null;
      let maskNote: string | null = null;
      if (has.has(`${tp.id}:mask`)) {
        const m = await scan(ctx, subjectId, tp.id, "mask");
        if (m.ok) {
          try {
            mask = parseLabelVolume(m.content, `mask of ${tp.date}`);
          } catch (e) {
            maskNote = `The stored mask cannot be read (${(e as Error).message}): no outline.`;
          }
        }
      } else maskNote = "No segmentation mask is stored for this time point: no outline.";
      const window = robustWindow(volume.values);
      const row = el("div", { class: "key-row" });
      section.append(row);
      for (const l of drawn.slice(0, KEY_SLICES_PER_TIMEPOINT)) {
        const m = l.measurement!;
        const planeAxis = m.planeAxis ?? 2;
        let k: KeySlice;
        try {
          k = renderKeySlice({
            image: volume,
            mask,
            planeAxis,
            slice: m.slice,
            longestMm: m.longestMm,
            perpendicularMm: m.perpendicularMm,
            window,
          });
        } catch (e) {
          say(`Lesion ${l.id}: ${(e as Error).message}.`);
          continue;
        }
        const d = l.diametersMm ? diametersText(l.diametersMm) : null;
        const drawnMm = [k.longest.lengthMm, k.perpendicular.lengthMm];
        const differs = d && (Math.abs(drawnMm[0]! - d.ld) > 0.5 || Math.abs(drawnMm[1]! - d.pd) > 0.5);
        const caption = [
          `${tp.date} · ${l.id}${l.role ? ` (${l.role.replace("_", "-")})` : ""} · slice ${m.slice}${planeAxis === 2 ? "" : ` (axis ${planeAxis})`}`,
          d ? `${d.text}` : `lines ${mm1(drawnMm[0]!)} × ${mm1(drawnMm[1]!)} mm (no diameters entered)`,
          differs ? `drawn lines measure ${mm1(drawnMm[0]!)} × ${mm1(drawnMm[1]!)} mm` : null,
          k.maskOutlined === false ? "mask on another grid: no outline" : null,
        ]
          .filter(Boolean)
          .join(" · ");
        row.append(
          el(
            "figure",
            { class: "key" },
            sliceSvg(doc, k, d?.ld ?? null, d?.pd ?? null),
            el("figcaption", {}, caption),
          ),
        );
      }
      const more = drawn.slice(KEY_SLICES_PER_TIMEPOINT);
      if (more.length > 0)
        say(
          `${more.length} more measured lesion${more.length === 1 ? "" : "s"} not shown (one row a time point): ${more
            .map((l) => `${l.id}${l.diametersMm ? ` ${diametersText(l.diametersMm).text}` : ""}`)
            .join("; ")}.`,
        );
      if (maskNote) say(maskNote);
    }
    if (byHand.length > 0)
      say(
        `Measured without a recorded slice (no key slice): ${byHand
          .map((l) => `${l.id} ${diametersText(l.diametersMm!).text}`)
          .join("; ")}.`,
      );
  }
  return out;
}
