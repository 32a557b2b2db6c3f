// The image viewer: one time point's image with its segmentation overlay and each lesion's
// bidimensional measurement (longest diameter and its perpendicular) drawn as two lines on the
// measured slice. NiiVue (WebGL 2) is loaded on first use, in a chunk of its own, so pages without
// the viewer never download it. Without WebGL the viewer says so instead of failing.
//
//   <Viewer subjectId timepointId lesions selectedLesionId />   selecting a lesion jumps to its slice
//   ref.current.jumpToLesion("L1")                               the same, imperatively
import { type Ref, useEffect, useImperativeHandle, useRef, useState } from "react";
import { api, problemText } from "../api/client";
import "../styles/viewer.css";

/** Where a lesion was measured (the case model's optional lesion.measurement; world mm). */
export interface LesionMeasurement {
  planeAxis?: number;
  slice: number;
  longestMm: number[][];
  perpendicularMm: number[][];
}

export interface ViewerLesion {
  id: string;
  component?: string;
  diametersMm?: number[];
  measurement?: LesionMeasurement;
}

export interface ViewerHandle {
  /** Shows the lesion's measured slice with the crosshair on it; false when it has no measurement. */
  jumpToLesion(lesionId: string): boolean;
}

export interface ViewerProps {
  subjectId: string;
  timepointId: string;
  lesions?: ViewerLesion[];
  selectedLesionId?: string | null;
  /** Accessible name of the viewer, e.g. "Scan of 2024-03-28". */
  label?: string;
  ref?: Ref<ViewerHandle>;
}

type Status =
  | { kind: "loading" }
  | { kind: "ready" }
  | { kind: "no-webgl" }
  | { kind: "error"; text: string }
  | { kind: "no-image"; text: string };

// NiiVue's types, without importing it eagerly.
type NiivueModule = typeof import("@niivue/niivue");
type Nv = InstanceType<NiivueModule["Niivue"]>;

/** BraTS 2021 labels in Okabe–Ito colours: necrosis grey, non-enhancing sky blue, enhancing orange. */
const LABELS = {
  R: [0, 153, 86, 0, 230],
  G: [0, 153, 180, 0, 159],
  B: [0, 153, 233, 0, 0],
  A: [0, 255, 255, 0, 255],
  I: [0, 1, 2, 3, 4],
  labels: ["", "necrosis", "non-enhancing", "", "enhancing"],
};

/** WebGL 2 available on a throw-away canvas (NiiVue needs it). */
export function webgl2Available(): boolean {
  try {
    return document.createElement("canvas").getContext("webgl2") !== null;
  } catch {
    return false;
  }
}

async function fetchNifti(subjectId: string, timepointId: string, kind: "image" | "mask") {
  const path = { subjectId, timepointId };
  const r =
    kind === "image"
      ? await api.GET("/api/v1/subjects/{subjectId}/timepoints/{timepointId}/image", {
          params: { path },
          parseAs: "arrayBuffer",
        })
      : await api.GET("/api/v1/subjects/{subjectId}/timepoints/{timepointId}/mask", {
          params: { path },
          parseAs: "arrayBuffer",
        });
  if (r.response.ok && r.data) return r.data as ArrayBuffer;
  let problem: unknown = r.error;
  if (problem instanceof ArrayBuffer) {
    try {
      problem = JSON.parse(new TextDecoder().decode(problem));
    } catch {}
  }
  return { status: r.response.status, text: problemText(problem) };
}

export function Viewer({ subjectId, timepointId, lesions = [], selectedLesionId, label, ref }: ViewerProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const nv = useRef<Nv | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "loading" });
  const [slice, setSlice] = useState<number | null>(null);
  const [hasMask, setHasMask] = useState(false);

  // Load NiiVue and the two volumes whenever the time point changes.
  useEffect(() => {
    let cancelled = false;
    setStatus({ kind: "loading" });
    setHasMask(false);
    if (!webgl2Available()) {
      setStatus({ kind: "no-webgl" });
      return;
    }
    (async () => {
      const [mod, image, mask] = await Promise.all([
        import("@niivue/niivue"),
        fetchNifti(subjectId, timepointId, "image"),
        fetchNifti(subjectId, timepointId, "mask"),
      ]);
      if (cancelled) return;
      if (!(image instanceof ArrayBuffer)) {
        setStatus(
          image.status === 404
            ? { kind: "no-image", text: "No image is stored for this time point." }
            : { kind: "error", text: image.text },
        );
        return;
      }
      const el = canvas.current;
      if (!el) return;
      let viewer = nv.current;
      if (!viewer) {
        viewer = new mod.Niivue({
          backColor: [0, 0, 0, 1],
          show3Dcrosshair: false,
          // No crosshair: it would hide the measurement lines; the lines are white with blue end caps.
          crosshairWidth: 0,
          rulerColor: [1, 1, 1, 1],
          rulerWidth: 2,
          measureLineColor: [0, 0.45, 0.7, 1],
          isColorbar: false,
          logLevel: "error",
        });
        await viewer.attachToCanvas(el);
        nv.current = viewer;
      }
      for (const v of [...viewer.volumes].reverse()) viewer.removeVolume(v);
      viewer.addVolume(await mod.NVImage.loadFromUrl({ url: image, name: "image.nii.gz" }));
      if (mask instanceof ArrayBuffer) {
        const overlay = await mod.NVImage.loadFromUrl({ url: mask, name: "mask.nii.gz", opacity: 0.45 });
        overlay.setColormapLabel(LABELS);
        viewer.addVolume(overlay);
        setHasMask(true);
      }
      viewer.setSliceType(viewer.sliceTypeAxial);
      if (cancelled) return;
      setStatus({ kind: "ready" });
    })().catch((e: unknown) => {
      if (!cancelled)
        setStatus(
          e instanceof Error && /webgl/i.test(e.message)
            ? { kind: "no-webgl" }
            : { kind: "error", text: e instanceof Error ? e.message : String(e) },
        );
    });
    return () => {
      cancelled = true;
    };
  }, [subjectId, timepointId]);

  // Parents often pass a new array on each render: redraw and jump only when the content changes.
  const lesionKey = JSON.stringify(lesions.map((l) => [l.id, l.measurement ?? null]));

  // The measurement lines: NiiVue draws completed measurements on the slice they belong to.
  // biome-ignore lint/correctness/useExhaustiveDependencies: lesionKey stands for lesions
  useEffect(() => {
    const viewer = nv.current;
    if (status.kind !== "ready" || !viewer) return;
    viewer.document.completedMeasurements = lesions.flatMap((l) => {
      const m = l.measurement;
      if (!m) return [];
      const slicePosition = viewer.mm2frac(m.longestMm[0] as [number, number, number])[2];
      return [m.longestMm, m.perpendicularMm].map(([a, b]) => {
        const startMM = Float32Array.from(a!) as unknown as [number, number, number];
        const endMM = Float32Array.from(b!) as unknown as [number, number, number];
        return {
          startMM,
          endMM,
          distance: Math.hypot(a![0]! - b![0]!, a![1]! - b![1]!, a![2]! - b![2]!),
          sliceIndex: m.slice,
          sliceType: viewer.sliceTypeAxial,
          slicePosition,
        };
      });
    });
    viewer.drawScene();
  }, [lesionKey, status.kind]);

  const jumpToLesion = (lesionId: string): boolean => {
    const viewer = nv.current;
    const m = lesions.find((l) => l.id === lesionId)?.measurement;
    if (!viewer || !m || status.kind !== "ready") return false;
    const [a, b] = m.longestMm as [number[], number[]];
    const centre: [number, number, number] = [(a[0]! + b[0]!) / 2, (a[1]! + b[1]!) / 2, a[2]!];
    viewer.scene.crosshairPos = viewer.mm2frac(centre);
    viewer.drawScene();
    setSlice(m.slice);
    return true;
  };
  useImperativeHandle(ref, () => ({ jumpToLesion }));

  // Selecting a lesion (prop) jumps to its slice.
  // biome-ignore lint/correctness/useExhaustiveDependencies: jump when the selection or the image changes
  useEffect(() => {
    if (selectedLesionId) jumpToLesion(selectedLesionId);
  }, [selectedLesionId, status.kind, lesionKey]);

  const selected = lesions.find((l) => l.id === selectedLesionId);
  return (
    <figure className="viewer" aria-label={label ?? "Image viewer"}>
      {status.kind === "no-webgl" ? (
        <div role="status" className="viewer-message">
          The image viewer needs WebGL 2, which this browser does not provide (it may be switched off or
          unavailable without a graphics driver). The measurements are listed in the table.
        </div>
      ) : null}
      {status.kind === "error" || status.kind === "no-image" ? (
        <div role={status.kind === "error" ? "alert" : "status"} className="viewer-message">
          {status.text}
        </div>
      ) : null}
      <div className="viewer-stage" hidden={status.kind === "no-webgl"}>
        <canvas
          ref={canvas}
          className="viewer-canvas"
          aria-label={`${label ?? "Scan"}: axial slices; scroll or use the arrow keys to change slice`}
          data-status={status.kind}
          tabIndex={0}
        />
        {status.kind === "loading" ? (
          <p className="viewer-loading" aria-live="polite">
            Loading the image…
          </p>
        ) : null}
      </div>
      <figcaption className="viewer-caption" aria-live="polite">
        {status.kind === "ready" ? (
          <>
            {hasMask ? (
              <span className="viewer-legend">
                Segmentation: <span className="swatch enhancing" aria-hidden="true" /> enhancing,{" "}
                <span className="swatch non-enhancing" aria-hidden="true" /> non-enhancing,{" "}
                <span className="swatch necrosis" aria-hidden="true" /> necrosis.
              </span>
            ) : (
              <span>No segmentation mask for this time point.</span>
            )}{" "}
            {selected
              ? selected.measurement
                ? `Lesion ${selected.id}: measured on slice ${slice ?? selected.measurement.slice}${
                    selected.diametersMm ? `, ${selected.diametersMm.join(" × ")} mm` : ""
                  } (white lines: longest diameter and its perpendicular).`
                : `Lesion ${selected.id} has no measured slice recorded.`
              : lesions.some((l) => l.measurement)
                ? "Select a lesion to jump to its measured slice."
                : ""}
          </>
        ) : null}
      </figcaption>
    </figure>
  );
}
