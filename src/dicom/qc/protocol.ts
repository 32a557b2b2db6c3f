// Acquisition quality control against the consensus brain tumour imaging protocol (BTIP), which the
// RANO 2.0 review asks trials to use (seed 000 §2.1; Ellingson et al. 2015): 3D T1 before and after
// contrast at ≤ 1.5 mm isotropic, 2D T2 and FLAIR at 4 mm with no gap, DWI, 0.1 mmol/kg gadolinium, and
// every follow-up on the same scanner or at least the same field strength as baseline. From the DICOM
// headers only; the result is reported beside the assessment and never changes it.

export type Role = "T1_pre" | "T1_post" | "T2" | "FLAIR" | "DWI" | "other";

/** The header fields QC reads from one series (its first instance). */
export interface SeriesInfo {
  source: string;
  studyInstanceUid: string;
  /** ISO date of the study. */
  date: string;
  seriesInstanceUid: string;
  description: string;
  mrAcquisitionType?: string;
  sliceThicknessMm?: number;
  spacingBetweenSlicesMm?: number;
  pixelSpacingMm?: [number, number];
  fieldStrengthT?: number;
  manufacturer?: string;
  model?: string;
  serialNumber?: string;
  contrastAgent?: string;
  contrastVolumeMl?: number;
  patientWeightKg?: number;
  inversionTimeMs?: number;
  echoTimeMs?: number;
  repetitionTimeMs?: number;
  diffusionBValue?: number;
  scanningSequence?: string;
}

/** Series role from the description and the acquisition parameters (vendors name series freely). */
export function classify(s: SeriesInfo): Role {
  const d = s.description.toLowerCase();
  if (/\b(dwi|diffusion|dti|adc|trace)\b|ep2d_diff/.test(d) || (s.diffusionBValue ?? 0) > 0) return "DWI";
  if (/flair|\bdark[- ]?fluid\b/.test(d) || ((s.inversionTimeMs ?? 0) >= 1500 && (s.echoTimeMs ?? 0) >= 60))
    return "FLAIR";
  const contrast =
    (s.contrastAgent !== undefined && s.contrastAgent.trim() !== "") ||
    /(\bpost\b|\+c\b|\bgd\b|gad|\bce\b|contrast|\+gd)/.test(d);
  if (/\bt1|mprage|spgr|bravo|tfe|vibe|fspgr|\bt1w/.test(d)) return contrast ? "T1_post" : "T1_pre";
  if (/\bt2|tse|fse/.test(d)) return "T2";
  return "other";
}

export interface Finding {
  /** "ok" meets the protocol; "deviation" does not; "missing" is a required series not found. */
  level: "ok" | "deviation" | "missing" | "note";
  series?: string;
  message: string;
  /** The deviation raises the minimum measurable size (RANO2-MEAS-2: 2 × (thickness + gap)). */
  affectsMeasurability?: boolean;
}

export interface TimePointQc {
  date: string;
  studyInstanceUid: string;
  series: Array<SeriesInfo & { role: Role }>;
  findings: Finding[];
}

const fmt = (x: number) => String(Number(x.toFixed(2)));
const gapOf = (s: SeriesInfo) =>
  s.spacingBetweenSlicesMm !== undefined && s.sliceThicknessMm !== undefined
    ? Math.max(0, s.spacingBetweenSlicesMm - s.sliceThicknessMm)
    : 0;
const scannerOf = (s: SeriesInfo) =>
  [s.manufacturer, s.model, s.serialNumber].filter((x) => x !== undefined && x !== "").join(" ");

export const LIMITS = {
  /** BTIP 3D T1: voxels ≤ 1.5 mm in every direction. */
  t1MaxVoxelMm: 1.5,
  /** BTIP 2D T2 / FLAIR: 4 mm slices, no gap. */
  t2SliceMm: 4,
  /** RANO measurable size (RANO2-MEAS-1). */
  minMeasurableMm: 10,
  /** Gadolinium dose, mmol/kg. */
  gadoliniumMmolPerKg: 0.1,
};

function checkSeries(s: SeriesInfo & { role: Role }): Finding[] {
  const out: Finding[] = [];
  const name = `${s.description || s.seriesInstanceUid}`;
  const thickness = s.sliceThicknessMm;
  const gap = gapOf(s);
  const effective = thickness !== undefined ? 2 * (thickness + gap) : undefined;
  const measurability =
    effective !== undefined && effective > LIMITS.minMeasurableMm
      ? ` — raises the minimum measurable size to ${fmt(effective)} mm = 2 × (${fmt(thickness!)} + ${fmt(gap)}) (RANO2-MEAS-2)`
      : "";
  if (s.role === "T1_pre" || s.role === "T1_post") {
    const voxel = [...(s.pixelSpacingMm ?? []), thickness].filter((x): x is number => x !== undefined);
    const worst = voxel.length > 0 ? Math.max(...voxel) : undefined;
    const threeD = s.mrAcquisitionType === "3D";
    if (!threeD || worst === undefined || worst > LIMITS.t1MaxVoxelMm) {
      out.push({
        level: "deviation",
        series: name,
        message: `${s.role === "T1_post" ? "post" : "pre"}-contrast T1: ${s.mrAcquisitionType ?? "?"} at ${voxel.map(fmt).join(" × ") || "?"} mm; protocol: 3D at ≤ ${LIMITS.t1MaxVoxelMm} mm isotropic${measurability}`,
        affectsMeasurability: measurability !== "",
      });
    } else
      out.push({ level: "ok", series: name, message: `${s.role}: 3D at ${voxel.map(fmt).join(" × ")} mm` });
  }
  if (s.role === "T2" || s.role === "FLAIR") {
    if (thickness === undefined) {
      out.push({ level: "deviation", series: name, message: `${s.role}: no Slice Thickness in the header` });
    } else if (thickness > LIMITS.t2SliceMm || gap > 0) {
      out.push({
        level: "deviation",
        series: name,
        message: `${s.role}: ${fmt(thickness)} mm slices, gap ${fmt(gap)} mm; protocol: ${LIMITS.t2SliceMm} mm, no gap${measurability}`,
        affectsMeasurability: measurability !== "",
      });
    } else out.push({ level: "ok", series: name, message: `${s.role}: ${fmt(thickness)} mm slices, no gap` });
  }
  return out;
}

function contrastFinding(post: SeriesInfo | undefined): Finding | undefined {
  if (!post) return undefined;
  if (!post.contrastAgent)
    return { level: "note", message: "contrast agent not recorded (0018,0010): dose not verifiable" };
  if (post.contrastVolumeMl === undefined || post.patientWeightKg === undefined)
    return {
      level: "note",
      message: `contrast ${post.contrastAgent}: volume or patient weight not recorded, the ${LIMITS.gadoliniumMmolPerKg} mmol/kg dose is not verifiable from the headers`,
    };
  // Without the agent's concentration (0018,1049 is rarely filled) the dose in mmol/kg stays unknown;
  // report ml/kg, which is 0.2 ml/kg for 0.5 M agents and 0.1 ml/kg for gadobutrol at 0.1 mmol/kg.
  return {
    level: "note",
    message: `contrast ${post.contrastAgent}: ${fmt(post.contrastVolumeMl)} ml for ${fmt(post.patientWeightKg)} kg = ${fmt(post.contrastVolumeMl / post.patientWeightKg)} ml/kg (0.1 mmol/kg is 0.2 ml/kg of a 0.5 M agent)`,
  };
}

/** QC per time point (study), each follow-up compared with the baseline (the first, or `baselineDate`). */
export function checkProtocol(series: SeriesInfo[], baselineDate?: string): TimePointQc[] {
  const byStudy = new Map<string, SeriesInfo[]>();
  for (const s of series) byStudy.set(s.studyInstanceUid, [...(byStudy.get(s.studyInstanceUid) ?? []), s]);
  const points = [...byStudy.entries()]
    .map(([uid, list]) => ({
      date: list[0]!.date,
      studyInstanceUid: uid,
      // Sorted, so files and PACS metadata give the same report whatever order they arrive in.
      series: list
        .map((s) => ({ ...s, role: classify(s) }))
        .sort(
          (a, b) =>
            a.description.localeCompare(b.description) ||
            a.seriesInstanceUid.localeCompare(b.seriesInstanceUid),
        ),
      findings: [] as Finding[],
    }))
    .sort((a, b) => a.date.localeCompare(b.date));
  const baseline = points.find((p) => p.date === baselineDate) ?? points[0];
  for (const p of points) {
    for (const role of ["T1_pre", "T1_post", "T2", "FLAIR", "DWI"] as const) {
      if (!p.series.some((s) => s.role === role))
        p.findings.push({ level: "missing", message: `no ${role.replace("_", " ")} series` });
    }
    for (const s of p.series) p.findings.push(...checkSeries(s));
    const contrast = contrastFinding(p.series.find((s) => s.role === "T1_post"));
    if (contrast) p.findings.push(contrast);
    if (baseline && p !== baseline) {
      const ref = baseline.series[0];
      const here = p.series[0];
      if (ref && here) {
        const [a, b] = [scannerOf(ref), scannerOf(here)];
        const [fa, fb] = [ref.fieldStrengthT, here.fieldStrengthT];
        if (a !== "" && b !== "" && a !== b) {
          const sameField = fa !== undefined && fb !== undefined && Math.abs(fa - fb) < 0.05;
          p.findings.push({
            level: sameField ? "note" : "deviation",
            message: sameField
              ? `another scanner than baseline (${b} vs ${a}) at the same field strength ${fmt(fb!)} T`
              : `another scanner and field strength than baseline (${b} at ${fb ?? "?"} T vs ${a} at ${fa ?? "?"} T): measurements may not be comparable`,
          });
        } else if (fa !== undefined && fb !== undefined && Math.abs(fa - fb) >= 0.05) {
          p.findings.push({
            level: "deviation",
            message: `field strength ${fmt(fb)} T, baseline ${fmt(fa)} T`,
          });
        } else p.findings.push({ level: "ok", message: `same scanner as baseline (${b || "unnamed"})` });
      }
    }
  }
  return points;
}
