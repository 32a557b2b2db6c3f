// The shared plots drawn into a linkedom document, as the server does for the PDF: the SVG must carry
// one mark per subject, the threshold lines of the criteria set, axis labels with units, and a title and
// description for screen readers.
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import {
  criteriaMatrixPlot,
  kmPlot,
  proportionsPlot,
  readerDisagreementPlot,
  responseMatrix,
  spiderPlot,
  swimmerPlot,
  thresholdsOf,
  waterfallPlot,
} from "../../src/plots/index.ts";

const doc = () => parseHTML("<!doctype html><html><body></body></html>").document as unknown as Document;

const marks = (fig: Element, label: string) =>
  Array.from(fig.querySelectorAll(`g.rk-${label.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`)).flatMap((g) =>
    Array.from(g.children),
  );
const texts = (fig: Element) => Array.from(fig.querySelectorAll("text")).map((t) => t.textContent ?? "");

function expectAccessible(fig: Element, title: string) {
  expect(fig.querySelector("h3")?.textContent).toBe(title);
  const svg = fig.querySelector("svg[role=img]")!;
  expect(svg.getAttribute("role")).toBe("img");
  expect(svg.getAttribute("aria-label")).toContain(title);
  expect(svg.querySelector("title")?.textContent).toBe(title);
  expect(svg.querySelector("desc")?.textContent?.length).toBeGreaterThan(10);
}

const subjects = [
  { pseudonym: "S-001", bestChangePct: -72.4, bestOverallResponse: "PR" },
  { pseudonym: "S-002", bestChangePct: 31.0, bestOverallResponse: "PD" },
  { pseudonym: "S-003", bestChangePct: -10.2, bestOverallResponse: "SD" },
  { pseudonym: "S-004", bestChangePct: -100, bestOverallResponse: "CR" },
  { pseudonym: "S-005", bestChangePct: null, bestOverallResponse: "NE" },
];

describe("waterfall", () => {
  const fig = waterfallPlot({ document: doc() }, subjects, {
    criteria: "rano2",
    thresholds: thresholdsOf("rano2", "mm²"),
  });
  it("draws one bar per measured subject, sorted from the largest increase", () => {
    const bars = marks(fig, "subject bar");
    expect(bars).toHaveLength(4);
    const titles = Array.from(bars).map((b) => b.querySelector("title")?.textContent);
    expect(titles).toEqual([
      "S-002: +31.0 %, best response PD",
      "S-003: −10.2 %, best response SD",
      "S-001: −72.4 %, best response PR",
      "S-004: −100.0 %, best response CR",
    ]);
  });
  it("colours bars with the Okabe–Ito palette by best response", () => {
    const fills = Array.from(marks(fig, "subject bar")).map((b) => b.getAttribute("fill"));
    expect(fills).toEqual(["#D55E00", "#E6E6E6", "#0072B2", "#009E73"]);
  });
  it("draws the RANO 2.0 bidimensional thresholds as labelled lines", () => {
    expect(marks(fig, "threshold")).toHaveLength(3);
    const labels = Array.from(marks(fig, "threshold label")).map((t) => t.textContent);
    expect(labels).toEqual(["+25 % PD", "−25 % MR", "−50 % PR"]);
  });
  it("has axis labels with units, a title and a description naming what is left out", () => {
    expect(texts(fig).some((t) => t.includes("Best change from baseline (%)"))).toBe(true);
    expectAccessible(fig, "Best change from baseline (rano2)");
    expect(fig.querySelector("desc")?.textContent).toContain("1 without one are not shown");
    expect(fig.querySelector("desc")?.textContent).toContain("CR 1, PR 1, SD 1, PD 1");
  });
  it("uses the volumetric thresholds for a volume and none for RANO-LM", () => {
    const vol = waterfallPlot({ document: doc() }, subjects, {
      criteria: "rano2",
      thresholds: thresholdsOf("rano2", "mm³"),
    });
    expect(Array.from(marks(vol, "threshold label")).map((t) => t.textContent)).toEqual([
      "+40 % PD",
      "−35 % MR",
      "−65 % PR",
    ]);
    const lm = waterfallPlot({ document: doc() }, subjects, {
      criteria: "rano-lm",
      thresholds: thresholdsOf("rano-lm"),
    });
    expect(marks(lm, "threshold")).toHaveLength(0);
    expect(lm.querySelector("desc")?.textContent).toContain("no % thresholds");
  });
});

describe("Kaplan–Meier", () => {
  const km = {
    n: 4,
    events: 2,
    censored: 2,
    medianDays: 120,
    medianLowerDays: 60,
    medianUpperDays: null,
    level: 0.95,
    curve: [
      { time: 0, survival: 1, lower: 1, upper: 1, atRisk: 4, events: 0, censored: 0 },
      { time: 60, survival: 0.75, lower: 0.4, upper: 1, atRisk: 4, events: 1, censored: 0 },
      { time: 90, survival: 0.75, lower: 0.4, upper: 1, atRisk: 3, events: 0, censored: 1 },
      { time: 120, survival: 0.375, lower: 0.1, upper: 0.9, atRisk: 2, events: 1, censored: 0 },
      { time: 200, survival: 0.375, lower: 0.1, upper: 0.9, atRisk: 1, events: 0, censored: 1 },
    ],
    atRisk: [
      { time: 0, atRisk: 4 },
      { time: 56, atRisk: 4 },
      { time: 112, atRisk: 2 },
      { time: 168, atRisk: 1 },
    ],
  };
  const fig = kmPlot({ document: doc() }, km);
  it("draws the curve, the band and a mark per censoring time", () => {
    expect(fig.querySelector("g.rk-kaplan-meier-curve path")).not.toBeNull();
    expect(fig.querySelector("g.rk-confidence-band path")).not.toBeNull();
    expect(marks(fig, "censored")).toHaveLength(2);
  });
  it("puts the numbers at risk in a table under the plot", () => {
    const table = fig.querySelector("svg.rk-at-risk")!;
    const numbers = Array.from(table.querySelectorAll("text"))
      .map((t) => t.textContent)
      .filter((t) => /^\d+$/.test(t ?? ""));
    expect(numbers).toEqual(["4", "4", "2", "1"]);
    expect(texts(table).join(" ")).toContain("Number at risk");
  });
  it("labels the axes with units and describes the median and its CI", () => {
    const t = texts(fig).join(" ");
    expect(t).toContain("Time from T0 (days)");
    expect(t).toContain("Progression-free (%)");
    expect(t).toContain("median 120 d");
    expectAccessible(fig, "Progression-free survival (Kaplan–Meier)");
    expect(fig.querySelector("desc")?.textContent).toContain(
      "median PFS 120 days (95 % CI 60 days to not reached)",
    );
  });
});

const series = [
  {
    pseudonym: "S-001",
    bestOverallResponse: "PR",
    timepoints: [
      { daysFromBaseline: 0, changeFromBaselinePct: 0 },
      { daysFromBaseline: 56, changeFromBaselinePct: -40 },
      { daysFromBaseline: 112, changeFromBaselinePct: -72.4 },
    ],
    swimmer: {
      timeOnStudyDays: 300,
      ongoing: true,
      firstResponseDay: 112,
      responseDays: [{ day: 112, label: "PR" }],
      progressionDay: null,
    },
  },
  {
    pseudonym: "S-002",
    bestOverallResponse: "PD",
    timepoints: [
      { daysFromBaseline: 0, changeFromBaselinePct: 0 },
      { daysFromBaseline: 56, changeFromBaselinePct: 31 },
      { daysFromBaseline: null, changeFromBaselinePct: null },
    ],
    swimmer: {
      timeOnStudyDays: 70,
      ongoing: false,
      firstResponseDay: null,
      responseDays: [],
      progressionDay: 56,
    },
  },
];

describe("spider", () => {
  const fig = spiderPlot({ document: doc() }, series, {
    criteria: "rano2",
    thresholds: thresholdsOf("rano2"),
  });
  it("draws one line per subject and a dot per measured scan", () => {
    expect(marks(fig, "subject line")).toHaveLength(2);
    expect(fig.querySelectorAll("circle")).toHaveLength(5);
    expect(texts(fig).join(" ")).toContain("Days from baseline");
    expectAccessible(fig, "Change from baseline over time (rano2)");
    expect(fig.querySelector("desc")?.textContent).toContain("2 subjects, 5 scans");
  });
});

describe("spider and waterfall of a large cohort", () => {
  // 150 subjects, 4 scans each; every third a responder (PR), the others SD or PD.
  const many = Array.from({ length: 150 }, (_, i) => {
    const bor = i % 3 === 0 ? "PR" : i % 3 === 1 ? "SD" : "PD";
    const slope = bor === "PR" ? -20 : bor === "SD" ? 2 : 15;
    return {
      pseudonym: `M-${String(i).padStart(3, "0")}`,
      bestOverallResponse: bor,
      bestChangePct: slope * 3,
      timepoints: [0, 56, 112, 168].map((day, k) => ({
        daysFromBaseline: day,
        changeFromBaselinePct: slope * k,
        kind: k === 0 ? "baseline" : "follow_up",
      })),
    };
  });
  it("draws one spider path per response category, each subject's line a separate run of the path", () => {
    const fig = spiderPlot({ document: doc() }, many, {
      criteria: "rano2",
      thresholds: thresholdsOf("rano2"),
    });
    const paths = marks(fig, "subject line");
    expect(paths).toHaveLength(3);
    // Every subject's line starts with its own move-to: 150 in all, 50 per category.
    const moves = paths.map((p) => (p.getAttribute("d") ?? "").split("M").length - 1);
    expect(moves).toEqual([50, 50, 50]);
    expect(fig.querySelector("desc")?.textContent).toContain("150 subjects, 600 scans");
  });
  it("keeps a bar per subject on the waterfall, without a hover title per bar beyond 200 bars", () => {
    const big = Array.from({ length: 201 }, (_, i) => ({ ...many[i % 150]!, pseudonym: `W-${i}` }));
    const fig = waterfallPlot({ document: doc() }, big, {
      criteria: "rano2",
      thresholds: thresholdsOf("rano2"),
    });
    expect(marks(fig, "subject bar")).toHaveLength(201);
    expect(fig.querySelectorAll("g.rk-subject-bar title")).toHaveLength(0);
    const small = waterfallPlot({ document: doc() }, big.slice(0, 200), {
      criteria: "rano2",
      thresholds: thresholdsOf("rano2"),
    });
    expect(small.querySelectorAll("g.rk-subject-bar title")).toHaveLength(200);
  });
});

describe("swimmer", () => {
  const fig = swimmerPlot({ document: doc() }, series, { criteria: "rano2" });
  it("draws a lane per subject, longest first, with response, progression and ongoing marks", () => {
    const lanes = Array.from(marks(fig, "subject lane")).map((b) => b.querySelector("title")?.textContent);
    expect(lanes).toEqual([
      "S-001: 300 days on study, best response PR, ongoing",
      "S-002: 70 days on study, best response PD, progression on day 56",
    ]);
    expect(marks(fig, "response mark")).toHaveLength(1);
    expect(marks(fig, "progression mark")).toHaveLength(1);
    expect(marks(fig, "ongoing mark")).toHaveLength(1);
    expectAccessible(fig, "Time on study (rano2)");
  });
  it("shows only the longest lanes when asked, and says so", () => {
    const few = swimmerPlot({ document: doc() }, series, { criteria: "rano2", maxRows: 1 });
    expect(marks(few, "subject lane")).toHaveLength(1);
    expect(few.querySelector("figcaption")?.textContent).toContain("Showing the 1 longest of 2 subjects");
  });
});

describe("disagreement views", () => {
  it("counts best response under set A against set B", () => {
    const pairs = [
      { a: "PR", b: "PR" },
      { a: "PR", b: "SD" },
      { a: "PR", b: "SD" },
      { a: "PD", b: "PD" },
    ];
    const cells = responseMatrix(pairs);
    expect(cells).toHaveLength(36);
    expect(cells.find((c) => c.a === "PR" && c.b === "SD")?.count).toBe(2);
    const fig = criteriaMatrixPlot({ document: doc() }, pairs, { a: "rano2", b: "mrano" });
    expect(marks(fig, "matrix cell")).toHaveLength(36);
    const counts = Array.from(marks(fig, "matrix count")).map((t) => Number(t.textContent));
    expect(counts.reduce((x, y) => x + y, 0)).toBe(4);
    expectAccessible(fig, "Best response: rano2 against mrano");
    expect(fig.querySelector("desc")?.textContent).toContain(
      "4 subjects assessed under both; 2 agree (50.0 %); disagreements: 2 PR→SD",
    );
  });
  it("shows each reader's acceptance rate and disagreement index and each pair's adjudication rate", () => {
    const fig = readerDisagreementPlot(
      { document: doc() },
      [
        {
          reader: "reader-a",
          cases: 10,
          acceptanceRate: { rate: 0.75, numerator: 3, denominator: 4 },
          disagreementIndex: 10, // per 100 cases read, as the API gives it
        },
        {
          reader: "reader-b",
          cases: 10,
          acceptanceRate: { rate: 0.25, numerator: 1, denominator: 4 },
          disagreementIndex: 30,
        },
      ],
      [{ readers: ["reader-a", "reader-b"], adjudicationRate: { rate: 0.4, numerator: 4, denominator: 10 } }],
    );
    expect(marks(fig, "reader bar")).toHaveLength(5);
    const values = Array.from(marks(fig, "reader value")).map((t) => t.textContent);
    expect(values).toContain("75.0 % (3/4)");
    expect(values).toContain("40.0 % (4/10)");
    expect(values).toContain("30.0 % (10 cases)");
    expectAccessible(fig, "Reader disagreement (BICR)");
  });
});

describe("proportions", () => {
  it("draws each rate with its interval and writes the numbers", () => {
    const p = (name: string, count: number, total: number) => ({
      name,
      count,
      total,
      estimate: count / total,
      lower: 0.1,
      upper: 0.6,
      level: 0.95,
      method: "clopper-pearson",
    });
    const fig = proportionsPlot({ document: doc() }, [p("ORR", 3, 10), p("DCR", 7, 10)]);
    expect(marks(fig, "confidence interval")).toHaveLength(2);
    expect(texts(fig)).toContain("30.0 % (3/10)");
    expect(fig.querySelector("desc")?.textContent).toContain(
      "ORR 30.0 % (3/10; 95 % CI 10.0 % to 60.0 %, clopper-pearson)",
    );
  });

  it("keeps a label at 0 % or 100 % inside the plot by anchoring it at its dot", () => {
    const p = (name: string, count: number) => ({
      name,
      count,
      total: 1,
      estimate: count,
      lower: 0.025,
      upper: 1,
      level: 0.95,
      method: "clopper-pearson",
    });
    const fig = proportionsPlot({ document: doc() }, [p("ORR", 0), p("DCR", 1)]);
    const anchorOf = (text: string) =>
      Array.from(fig.querySelectorAll("text"))
        .find((t) => t.textContent === text)
        ?.closest("[text-anchor]")
        ?.getAttribute("text-anchor");
    expect(anchorOf("100.0 % (1/1)")).toBe("end");
    expect(anchorOf("0.0 % (0/1)")).toBe("start");
  });
});
