// Label conventions: which labels make the enhancing lesion, the non-enhancing (T2/FLAIR) component,
// the necrosis measured with the enhancing lesion, and cavities. docs/measurement.md explains each.
//
// RANO measures an enhancing lesion across its outer enhancing margin, necrotic centre included, so
// necrosis / non-enhancing core labels are part of the enhancing lesion's region (a component made of
// necrosis alone is not an enhancing lesion). RANO 2.0's non-enhancing component is the T2/FLAIR
// abnormality. Resection cavities are their own component: never a lesion, but they flag the
// enhancing lesions touching them as cavity walls.
import { ImagingInputError } from "./errors.ts";

export interface LabelPreset {
  name: string;
  description: string;
  enhancing: number[];
  /** Measured together with the enhancing lesion (necrosis, non-enhancing core). */
  necrosis: number[];
  nonEnhancing: number[];
  cavity: number[];
}

export const PRESETS: Record<string, LabelPreset> = {
  brats2021: {
    name: "brats2021",
    description: "BraTS 2021: 1 necrotic core, 2 peritumoral oedema/FLAIR, 4 enhancing tumour",
    enhancing: [4],
    necrosis: [1],
    nonEnhancing: [2],
    cavity: [],
  },
  brats2023: {
    name: "brats2023",
    description:
      "BraTS 2023/2024 post-treatment: 1 non-enhancing tumour core, 2 surrounding FLAIR hyperintensity, 3 enhancing tissue, 4 resection cavity",
    enhancing: [3],
    necrosis: [1],
    nonEnhancing: [2],
    cavity: [4],
  },
  hdglio: {
    name: "hdglio",
    description: "HD-GLIO: 1 non-enhancing T2/FLAIR abnormality, 2 contrast-enhancing tumour",
    enhancing: [2],
    necrosis: [],
    nonEnhancing: [1],
    cavity: [],
  },
  binary: {
    name: "binary",
    description: "binary mask: every non-zero label is enhancing tumour",
    enhancing: [],
    necrosis: [],
    nonEnhancing: [],
    cavity: [],
  },
};

/** Parses "enhancing=3,non_enhancing=1+2,cavity=4,necrosis=5" into a preset. */
export function parseCustomLabels(spec: string): LabelPreset {
  const preset: LabelPreset = {
    name: "custom",
    description: `custom: ${spec}`,
    enhancing: [],
    necrosis: [],
    nonEnhancing: [],
    cavity: [],
  };
  const keys: Record<string, keyof Pick<LabelPreset, "enhancing" | "necrosis" | "nonEnhancing" | "cavity">> =
    {
      enhancing: "enhancing",
      necrosis: "necrosis",
      non_enhancing: "nonEnhancing",
      cavity: "cavity",
    };
  const used = new Map<number, string>();
  for (const part of spec
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, values] = part.split("=").map((x) => x.trim());
    const field = key ? keys[key] : undefined;
    if (!field || values === undefined || values === "") {
      throw new ImagingInputError(
        "--labels",
        `"${part}": expected component=label[+label…] with component one of ${Object.keys(keys).join(", ")}`,
      );
    }
    for (const v of values.split("+")) {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0)
        throw new ImagingInputError("--labels", `"${v}" in "${part}" is not a positive integer label`);
      if (used.has(n))
        throw new ImagingInputError("--labels", `label ${n} is given to both ${used.get(n)} and ${key}`);
      used.set(n, key!);
      preset[field].push(n);
    }
  }
  if (preset.enhancing.length + preset.nonEnhancing.length === 0) {
    throw new ImagingInputError("--labels", "name at least one enhancing or non_enhancing label");
  }
  return preset;
}

export function getPreset(name: string): LabelPreset {
  const p = PRESETS[name];
  if (!p)
    throw new ImagingInputError(
      "--preset",
      `unknown preset "${name}"; known: ${Object.keys(PRESETS).join(", ")}`,
    );
  return p;
}

/** Component code per label value: 1 enhancing, 2 necrosis, 3 non-enhancing, 4 cavity, 0 ignored. */
export function labelClassifier(preset: LabelPreset): (label: number) => number {
  if (preset.name === "binary") return (l) => (l !== 0 ? 1 : 0);
  const table = new Map<number, number>();
  for (const l of preset.enhancing) table.set(l, 1);
  for (const l of preset.necrosis) table.set(l, 2);
  for (const l of preset.nonEnhancing) table.set(l, 3);
  for (const l of preset.cavity) table.set(l, 4);
  return (l) => table.get(l) ?? 0;
}
