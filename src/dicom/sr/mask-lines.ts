// The end points of each lesion's long and short axis, from the masks the case was built from (the same
// measurement and tracking `ranokit track` runs), so the SR can carry them as SCOORD3D polylines.
// A line is attached only where the case's diametersMm equal the mask's (the case may have been edited).

import { measureMask } from "../../imaging/measure-mask.ts";
import { trackSeries } from "../../imaging/tracking/index.ts";
import type { Vec3 } from "../../imaging/types.ts";
import { readMaskVolume } from "../seg/mask-file.ts";
import type { SegmentMapping } from "../seg/read-seg.ts";

export interface AxisLines {
  /** Long and short axis end points in DICOM patient coordinates (LPS), mm. */
  long: [Vec3, Vec3];
  short: [Vec3, Vec3];
  lengthsMm: [number, number];
}

/** date → case lesion id (the lineage) → axis lines; masks in the order of `dates`. */
export type LinesByDate = Map<string, Map<string, AxisLines>>;

const lps = (p: Vec3): Vec3 => [-p[0], -p[1], p[2]];

export async function axisLinesFromMasks(
  masks: ReadonlyArray<string>,
  dates: ReadonlyArray<string>,
  options: { preset?: string; segments?: SegmentMapping } = {},
): Promise<LinesByDate> {
  const measurements = [];
  for (const path of masks) {
    const volume = await readMaskVolume(path, options.segments);
    measurements.push(measureMask(volume, options.preset ? { preset: options.preset } : undefined));
  }
  const tracking = trackSeries(measurements);
  const out: LinesByDate = new Map();
  tracking.timePoints.forEach((tp, t) => {
    const byLineage = new Map<string, typeof tp.lesions>();
    for (const l of tp.lesions) byLineage.set(l.lineage, [...(byLineage.get(l.lineage) ?? []), l]);
    const lines = new Map<string, AxisLines>();
    for (const [lineage, fragments] of byLineage) {
      const b = fragments.length === 1 ? fragments[0]!.lesion.bidimensional : undefined;
      if (!b) continue; // several fragments are written as one summed measurement: no single line
      lines.set(lineage, {
        long: [lps(b.longest.fromWorld), lps(b.longest.toWorld)],
        short: [lps(b.perpendicular.fromWorld), lps(b.perpendicular.toWorld)],
        lengthsMm: [b.longest.lengthMm, b.perpendicular.lengthMm],
      });
    }
    out.set(dates[t]!, lines);
  });
  return out;
}
