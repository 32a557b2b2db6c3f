// A read's lesions with their measurements per time point: the two diameters (mm) and their product
// (mm²), the volume (mm³), the lesion's status, and under the table the engine's sum per component and
// time point. Selecting a measured cell (click, Enter or Space) reports the lesion, the time point and
// the measured slice, so a viewer can jump to it.
import { memo, useMemo } from "react";
import { type PatientResult, withUnit } from "../api/assessment";
import { Scroll } from "./Scroll";
import "../styles/assessment.css";

export interface LesionTimepoint {
  timepointId: string;
  date: string;
  lesions: Array<{ id: string; lesion: { [key: string]: unknown } }>;
  locked?: boolean;
}

/** The case model's lesion fields the table shows. */
interface LesionFields {
  id: string;
  component: "enhancing" | "non_enhancing";
  role?: "target" | "non_target" | "new";
  status?: string;
  diametersMm?: [number, number];
  volumeMm3?: number;
  volumeCm3?: number;
  location?: string;
  measurement?: { slice: number; planeAxis?: 0 | 1 | 2 };
}

export interface LesionSelection {
  lesionId: string;
  timepointId: string;
  date: string;
  slice: number | null;
  planeAxis: 0 | 1 | 2 | null;
}

const roleText = { target: "target", non_target: "non-target", new: "new" } as const;
const componentText = { enhancing: "enhancing", non_enhancing: "non-enhancing" } as const;
const statusWords: Record<string, string> = {
  present: "",
  absent: "absent",
  improved: "improved",
  unequivocal_progression: "unequivocal progression",
  too_small: "too small to measure",
  not_evaluable: "not evaluable",
};

const mm = (x: number) => `${Number.isInteger(x) ? x : x.toFixed(1)}`;

function Measurement({ l }: { l: LesionFields }) {
  const parts: string[] = [];
  if (l.diametersMm) {
    const [a, b] = l.diametersMm;
    parts.push(`${mm(a)} × ${mm(b)} mm`);
    parts.push(withUnit(a * b, "mm²"));
  }
  if (l.volumeMm3 !== undefined) parts.push(withUnit(l.volumeMm3, "mm³"));
  else if (l.volumeCm3 !== undefined) parts.push(withUnit(l.volumeCm3 * 1000, "mm³"));
  const status = statusWords[l.status ?? "present"];
  return (
    <>
      {parts.length > 0 ? (
        <>
          <span className="dims">{parts[0]}</span>
          {parts.slice(1).map((p) => (
            <span key={p} className="derived">
              {p}
            </span>
          ))}
        </>
      ) : null}
      {status ? <span className="lesion-status">{status}</span> : null}
      {parts.length === 0 && !status ? <span className="muted">not measured</span> : null}
    </>
  );
}

export const LesionTable = memo(function LesionTable({
  timepoints,
  result,
  selected,
  onSelect,
}: {
  timepoints: LesionTimepoint[];
  /** The primary criteria set's result: lesion roles and the sums per component. */
  result?: PatientResult | null;
  selected?: { lesionId: string; timepointId: string } | null;
  onSelect?: (s: LesionSelection) => void;
}) {
  const model = useMemo(() => {
    const ids: string[] = [];
    const info = new Map<string, LesionFields>();
    const cells = new Map<string, LesionFields>();
    for (const tp of timepoints)
      for (const x of tp.lesions) {
        const l = x.lesion as unknown as LesionFields;
        if (!info.has(x.id)) {
          ids.push(x.id);
          info.set(x.id, l);
        } else if (l.role && !info.get(x.id)!.role) info.set(x.id, l);
        cells.set(`${x.id}|${tp.timepointId}`, l);
      }
    const roles = new Map((result?.lesions ?? []).map((r) => [r.id, r]));
    const sums = new Map<string, PatientResult["timepoints"][number]["components"]>();
    for (const t of result?.timepoints ?? []) if (t.kind !== "clinical") sums.set(t.date, t.components);
    const components = [
      ...new Set((result?.timepoints ?? []).flatMap((t) => t.components.map((c) => c.component))),
    ];
    return { ids, info, cells, roles, sums, components };
  }, [timepoints, result]);

  if (model.ids.length === 0) return <p>No lesion has been entered in this read.</p>;
  return (
    <Scroll label="Lesion measurements per time point">
      <table className="lesion-table">
        <caption className="visually-hidden">Lesion measurements per time point (mm, mm², mm³)</caption>
        <thead>
          <tr>
            <th scope="col">Lesion</th>
            {timepoints.map((tp) => (
              <th scope="col" key={tp.timepointId}>
                {tp.date}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {model.ids.map((id) => {
            const l = model.info.get(id)!;
            const role = model.roles.get(id);
            return (
              <tr key={id}>
                <th scope="row">
                  {id}
                  <div className="muted">
                    {componentText[l.component] ?? l.component}
                    {role ? ` · ${roleText[role.role]}` : l.role ? ` · ${roleText[l.role]}` : ""}
                    {role?.role === "new" ? ` (first seen ${role.firstSeen})` : ""}
                    {l.location ? ` · ${l.location}` : ""}
                  </div>
                </th>
                {timepoints.map((tp) => {
                  const c = model.cells.get(`${id}|${tp.timepointId}`);
                  if (!c)
                    return (
                      <td key={tp.timepointId} className="muted">
                        —
                      </td>
                    );
                  const isSelected = selected?.lesionId === id && selected.timepointId === tp.timepointId;
                  return (
                    <td key={tp.timepointId} className={isSelected ? "selected" : undefined}>
                      {onSelect ? (
                        <button
                          type="button"
                          className="cell-button"
                          aria-pressed={isSelected}
                          aria-label={`${id} on ${tp.date}${c.measurement ? `, slice ${c.measurement.slice}` : ""}: show in the viewer`}
                          onClick={() =>
                            onSelect({
                              lesionId: id,
                              timepointId: tp.timepointId,
                              date: tp.date,
                              slice: c.measurement?.slice ?? null,
                              planeAxis: c.measurement ? (c.measurement.planeAxis ?? 2) : null,
                            })
                          }
                        >
                          <Measurement l={c} />
                        </button>
                      ) : (
                        <Measurement l={c} />
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
        {model.components.length > 0 ? (
          <tfoot>
            {model.components.map((comp) => (
              <tr key={comp}>
                <th scope="row">
                  Sum, {componentText[comp]}
                  <div className="muted">the engine's sum</div>
                </th>
                {timepoints.map((tp) => {
                  const c = model.sums.get(tp.date)?.find((x) => x.component === comp);
                  return (
                    <td key={tp.timepointId}>
                      {c && c.sum !== null ? withUnit(c.sum, c.unit) : <span className="muted">—</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tfoot>
        ) : null}
      </table>
    </Scroll>
  );
});
