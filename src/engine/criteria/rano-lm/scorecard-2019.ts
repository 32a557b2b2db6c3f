// The revised MRI scorecard (Le Rhun E, Devos P, Winklhofer S, et al. Neuro-Oncology 2019;21:648–658,
// Table 5; LM19-*): five items present / absent / NE, a per-item change call, N1–N3 nodule products.
// The publication's summary instruction was not retrievable (AMB-25): the overall call below is the
// specification's worst-item reading, documented in docs/criteria/rano-lm.md.
import { decreasedByMoreThan, increasedByMoreThan, mmToUm } from "../../core/exact.ts";
import { MRI2019_ITEMS, type Mri2019Item, type MriScorecard2019 } from "../../model/lm.ts";
import type { ImagingResult } from "./scorecard.ts";

type Change = "improved" | "no_change" | "worse" | "NE";

const sumOfProducts = (nodules: ReadonlyArray<readonly [number, number]>) =>
  nodules.reduce((s, [a, b]) => s + mmToUm(a) * mmToUm(b), 0);

/** LM19-2: nodules count when > 5 × 5 mm in both diameters. */
const measurable = (nodules: ReadonlyArray<readonly [number, number]>) =>
  nodules.filter(([a, b]) => mmToUm(a) > 5000 && mmToUm(b) > 5000);

function itemChange(item: Mri2019Item, ref: MriScorecard2019, now: MriScorecard2019): Change | null {
  const before = ref.items[item];
  const after = now.items[item];
  if (before === undefined || before === "absent") {
    // An item absent at the reference that is now present is a new site: worse.
    if (after === "present") return "worse";
    return before === undefined ? null : after === "not_evaluable" ? "NE" : "no_change";
  }
  if (before === "not_evaluable" || after === undefined || after === "not_evaluable") return "NE";
  if (after === "absent") return "improved";
  // Brain nodules with N1–N3 at both times: improved = > 50 % decrease of the summed products (LM19-5);
  // worse = > 25 % increase, by analogy with the 2017 nodule rule [interpretation, AMB-25].
  if (item === "brain_nodules" && ref.nodulesMm.length > 0 && now.nodulesMm.length > 0) {
    const base = sumOfProducts(measurable(ref.nodulesMm));
    const cur = sumOfProducts(now.nodulesMm);
    if (base > 0) {
      if (decreasedByMoreThan(cur, base, 50)) return "improved";
      if (increasedByMoreThan(cur, base, 25)) return "worse";
      return now.change[item] === "worse" ? "worse" : "no_change";
    }
  }
  return now.change[item] ?? "NE";
}

export function evaluateScorecard2019(
  reference: MriScorecard2019 | undefined,
  current: MriScorecard2019 | undefined,
): ImagingResult {
  const rules = ["LM19-1", "LM19-5", "AMB-25"];
  if (!reference)
    return { call: "NE", rules, text: "no baseline 2019 scorecard", scores: {}, composite: null };
  if (!current?.performed) return { call: "NE", rules, text: "MRI not done", scores: {}, composite: null };
  if (reference.nodulesMm.length > 0) rules.push("LM19-2");
  if (current.parenchymalResponse) rules.push("LM19-4");
  const changes = new Map<Mri2019Item, Change>();
  for (const item of MRI2019_ITEMS) {
    const c = itemChange(item, reference, current);
    if (c) changes.set(item, c);
  }
  const list = (want: Change) =>
    [...changes].filter(([, c]) => c === want).map(([i]) => i.replaceAll("_", " "));
  const worse = list("worse");
  const improved = list("improved");
  const ne = list("NE");
  const parenchymal = current.parenchymalResponse
    ? `; parenchymal ${current.parenchymalResponse} (rated separately, LM19-4)`
    : "";
  if (worse.length > 0 || current.newSite) {
    const why = [...worse, ...(current.newSite ? ["new LM site"] : [])].join(", ");
    return { call: "PD", rules, text: `worse: ${why}${parenchymal}`, scores: {}, composite: null };
  }
  if (ne.length > 0) {
    return {
      call: "NE",
      rules,
      text: `not evaluable: ${ne.join(", ")}${parenchymal}`,
      scores: {},
      composite: null,
    };
  }
  const present = MRI2019_ITEMS.filter((i) => reference.items[i] === "present");
  if (present.length > 0 && present.every((i) => current.items[i] === "absent")) {
    return {
      call: "CR",
      rules,
      text: `every item present at baseline resolved${parenchymal}`,
      scores: {},
      composite: null,
    };
  }
  if (improved.length > 0) {
    return {
      call: "PR",
      rules,
      text: `improved: ${improved.join(", ")}; none worse${parenchymal}`,
      scores: {},
      composite: null,
    };
  }
  return { call: "SD", rules, text: `no item changed${parenchymal}`, scores: {}, composite: null };
}
