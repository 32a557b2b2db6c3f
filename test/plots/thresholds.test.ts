// The plots' threshold table must say what the engine's criteria profiles decide with.
import { describe, expect, it } from "vitest";
import { bmProfile } from "../../src/engine/criteria/bm/index.ts";
import { hggProfile } from "../../src/engine/criteria/hgg/index.ts";
import { lggProfile } from "../../src/engine/criteria/lgg/index.ts";
import { mranoProfile } from "../../src/engine/criteria/mrano/index.ts";
import { rano2Profile } from "../../src/engine/criteria/rano2/profile.ts";
import { thresholdsOf } from "../../src/plots/thresholds.ts";

describe("thresholdsOf", () => {
  it.each([
    ["rano2", rano2Profile],
    ["mrano", mranoProfile],
    ["hgg", hggProfile],
    ["lgg", lggProfile],
    ["bm", bmProfile],
  ] as const)("matches the %s profile", (id, profile) => {
    expect(thresholdsOf(id, "mm²")).toEqual(profile.thresholds("bidimensional"));
    expect(thresholdsOf(id, "mm³")).toEqual(profile.thresholds("volumetric"));
  });
  it("gives iRANO its base criteria's thresholds and RANO-LM none", () => {
    expect(thresholdsOf("irano", "mm²")).toEqual(hggProfile.thresholds("bidimensional"));
    expect(thresholdsOf("irano", "mm")).toEqual(bmProfile.thresholds("unidimensional"));
    expect(thresholdsOf("rano-lm")).toBeNull();
  });
});
