// A subject's scans: pick a time point, see its image with the segmentation and the measurement lines,
// and select a lesion row to jump to its measured slice. The read shown is the one the timeline shows
// this user (a reader: their own; others: the accepted read). Readers get only the time points open
// to them; the server refuses the others (time-sequential presentation).
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../api/client";
import { Async } from "../components/Async";
import { Viewer, type ViewerLesion } from "../components/Viewer";

interface ReadTp {
  timepointId: string;
  date: string;
  open: boolean;
  locked: boolean;
  lesions: Array<{ id: string; lesion: Record<string, unknown> }>;
}

export function SubjectImages() {
  const { studyId = "", subjectId = "" } = useParams();
  const q = useQuery({
    queryKey: ["subject-images", subjectId],
    queryFn: async () => {
      const path = { subjectId };
      const [subject, tps, tl] = await Promise.all([
        api.GET("/api/v1/subjects/{subjectId}", { params: { path } }).then(unwrap),
        api.GET("/api/v1/subjects/{subjectId}/timepoints", { params: { path } }).then(unwrap),
        api.GET("/api/v1/subjects/{subjectId}/timeline", { params: { path } }).then(unwrap),
      ]);
      const readId = (tl as { read: { id: string } | null }).read?.id;
      const read = readId
        ? await api.GET("/api/v1/reads/{readId}", { params: { path: { readId } } }).then(unwrap)
        : null;
      return {
        subject,
        timepoints: tps.items,
        read: read as { reader: string | null; timepoints: ReadTp[] } | null,
      };
    },
  });
  const [chosen, setChosen] = useState<string | null>(null);
  const [lesionId, setLesionId] = useState<string | null>(null);

  return (
    <Async q={q}>
      {(d) => {
        const byTp = new Map((d.read?.timepoints ?? []).map((t) => [t.timepointId, t]));
        const firstOpen = d.timepoints.find((t) => t.imageUri && (byTp.get(t.id)?.open ?? true));
        const tpId = chosen ?? firstOpen?.id ?? d.timepoints[0]?.id ?? null;
        const tp = d.timepoints.find((t) => t.id === tpId);
        const lesions: ViewerLesion[] = (byTp.get(tpId ?? "")?.lesions ?? []).map((l) => ({
          id: l.id,
          component: l.lesion.component as string | undefined,
          diametersMm: l.lesion.diametersMm as number[] | undefined,
          measurement: l.lesion.measurement as ViewerLesion["measurement"],
        }));
        return (
          <>
            <h1>Scans of {d.subject.pseudonym}</h1>
            <p>
              <Link to={`/studies/${studyId}/subjects/${subjectId}`}>Back to the subject timeline</Link>
              {d.read
                ? ` · measurements from ${d.read.reader ? `the read of ${d.read.reader}` : "the site read"}`
                : ""}
            </p>
            <div className="images-layout">
              <fieldset className="images-timepoints">
                <legend>Time point</legend>
                {d.timepoints.map((t) => {
                  const rt = byTp.get(t.id);
                  const closed = rt ? !rt.open : false;
                  return (
                    <label key={t.id}>
                      <input
                        type="radio"
                        name="timepoint"
                        value={t.id}
                        checked={t.id === tpId}
                        disabled={!t.imageUri}
                        onChange={() => {
                          setChosen(t.id);
                          setLesionId(null);
                        }}
                      />{" "}
                      {t.date}
                      {!t.imageUri
                        ? " (no image)"
                        : closed
                          ? " (not open to you yet)"
                          : rt?.locked
                            ? " (signed)"
                            : ""}
                    </label>
                  );
                })}
              </fieldset>
              <div>
                {tp ? (
                  <Viewer
                    subjectId={subjectId}
                    timepointId={tp.id}
                    lesions={lesions}
                    selectedLesionId={lesionId}
                    label={`Scan of ${tp.date}`}
                  />
                ) : (
                  <p>This subject has no scan.</p>
                )}
              </div>
              <div>
                <table>
                  <caption>Lesions on {tp?.date ?? "—"}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Lesion</th>
                      <th scope="col">Component</th>
                      <th scope="col">Diameters (mm)</th>
                      <th scope="col">Slice</th>
                    </tr>
                  </thead>
                  <tbody>
                    {lesions.length === 0 ? (
                      <tr>
                        <td colSpan={4}>No lesions entered for this time point.</td>
                      </tr>
                    ) : (
                      lesions.map((l) => (
                        <tr key={l.id} aria-selected={l.id === lesionId}>
                          <th scope="row">
                            <button
                              type="button"
                              onClick={() => setLesionId(l.id)}
                              aria-pressed={l.id === lesionId}
                              disabled={!l.measurement}
                              title={l.measurement ? "Show its measured slice" : "No measured slice recorded"}
                            >
                              {l.id}
                            </button>
                          </th>
                          <td>{l.component?.replace("_", "-") ?? "—"}</td>
                          <td>{l.diametersMm ? l.diametersMm.join(" × ") : "—"}</td>
                          <td>{l.measurement ? l.measurement.slice : "—"}</td>
                        </tr>
                      ))
                    )}
                  </tbody>
                </table>
              </div>
            </div>
          </>
        );
      }}
    </Async>
  );
}
