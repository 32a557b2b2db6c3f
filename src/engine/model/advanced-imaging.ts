// Advanced imaging and molecular markers that inform the pseudoprogression work-up (src/workup). They
// never change a RANO category: the criteria are conventional-MRI based (Thust, van den Bent & Smits,
// J Magn Reson Imaging 2018;48:571–589). Each quantity names its unit in its field name; plausible
// ranges catch unit mistakes (an rCBV ratio typed as a percentage, ADC in 10⁻³ instead of 10⁻⁶ mm²/s).
import { z } from "zod";

/** A ratio to a reference region; values above `max` are almost certainly percentages. */
const ratio = (what: string, max: number) =>
  z
    .number({ error: `must be a number (${what}, a ratio without unit)` })
    .finite()
    .positive(`must be > 0 (${what})`)
    .max(max, `must be a ratio ≤ ${max} (${what}); a value like 180 is a percentage — give 1.8`);

/** ADC in µm²/s (= 10⁻⁶ mm²/s): normal white matter ≈ 700–800, CSF ≈ 3000. */
const adcUm2PerS = z
  .number({ error: "must be a number of µm²/s (= 10⁻⁶ mm²/s)" })
  .finite()
  .min(100, "must be in µm²/s (10⁻⁶ mm²/s), 100–4000; a value like 1.1 is in 10⁻³ mm²/s — give 1100")
  .max(4000, "must be in µm²/s (10⁻⁶ mm²/s), 100–4000");

const note = z.string().optional();

export const DscPerfusion = z.strictObject({
  /** Maximum rCBV in the lesion over contralateral normal-appearing white matter. */
  rcbvMaxRatio: ratio("maximum rCBV vs contralateral normal-appearing white matter", 30).optional(),
  /** Mean rCBV over the lesion, same reference. */
  rcbvMeanRatio: ratio("mean rCBV vs contralateral normal-appearing white matter", 30).optional(),
  /** Leakage correction applied in post-processing (e.g. Boxerman–Weisskoff). */
  leakageCorrection: z.boolean().optional(),
  /** A preload contrast bolus was given before the DSC acquisition. */
  preloadBolus: z.boolean().optional(),
  note,
});

export const DcePerfusion = z.strictObject({
  /** Volume transfer constant, min⁻¹. */
  ktransPerMin: z.number().finite().nonnegative().max(5, "must be in min⁻¹ (0–5)").optional(),
  /** Plasma volume fraction, 0–1. */
  vpFraction: z
    .number()
    .finite()
    .nonnegative()
    .max(1, "must be a fraction 0–1; a value like 5 is a percentage — give 0.05")
    .optional(),
  note,
});

export const AslPerfusion = z.strictObject({
  /** CBF in the lesion over contralateral normal-appearing grey/white matter. */
  cbfRatio: ratio("CBF vs contralateral normal-appearing tissue", 30).optional(),
  note,
});

export const Diffusion = z.strictObject({
  minimumUm2PerS: adcUm2PerS.optional(),
  meanUm2PerS: adcUm2PerS.optional(),
  /** Lesion ADC over contralateral normal-appearing white matter. */
  ratio: ratio("ADC vs contralateral normal-appearing white matter", 10).optional(),
  /** Highest b value of the ADC fit, s/mm². */
  bValueSPerMm2: z.number().int().positive().max(5000).optional(),
  note,
});

export const Spectroscopy = z.strictObject({
  choNaaRatio: ratio("choline / N-acetyl-aspartate", 50).optional(),
  choCrRatio: ratio("choline / creatine", 50).optional(),
  /** A lipid–lactate peak is present (a feature of radiation necrosis). */
  lipidLactate: z.boolean().optional(),
  echoTimeMs: z.number().positive().max(500).optional(),
  technique: z.enum(["single_voxel", "multivoxel"]).optional(),
  note,
});

export const AminoAcidPet = z.strictObject({
  tracer: z.enum(["FET", "MET", "FDOPA", "FACBC", "other"]),
  /** Maximum tumour-to-background ratio. */
  tbrMax: ratio("maximum tumour-to-background ratio", 20).optional(),
  tbrMean: ratio("mean tumour-to-background ratio", 20).optional(),
  /** Time–activity curve: increasing (favours treatment effect) or peak then decreasing (favours tumour). */
  tacPattern: z.enum(["increasing", "plateau", "decreasing"]).optional(),
  note,
});

/** Advanced imaging of one lesion at one assessment, with the acquisition notes that affect thresholds. */
export const AdvancedImaging = z.strictObject({
  dsc: DscPerfusion.optional(),
  dce: DcePerfusion.optional(),
  asl: AslPerfusion.optional(),
  adc: Diffusion.optional(),
  mrs: Spectroscopy.optional(),
  pet: AminoAcidPet.optional(),
  /** Scanner, protocol, post-processing software. */
  note,
});
export type AdvancedImaging = z.infer<typeof AdvancedImaging>;

/** Molecular markers the review links to pseudoprogression frequency (MGMT methylation, IDH mutation). */
export const Molecular = z.strictObject({
  mgmt: z.enum(["methylated", "unmethylated", "unknown"]).default("unknown"),
  idh: z.enum(["mutant", "wildtype", "unknown"]).default("unknown"),
});
export type Molecular = z.infer<typeof Molecular>;
