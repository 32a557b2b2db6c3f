// SR fixtures written with dcmjs the way other tools write them (issue 16 §2):
// - OHIF v3: dcmjs.adapters.Cornerstone3D.MeasurementReport.generateReport, the code path OHIF's
//   "Export SR" runs, with Bidirectional / Length annotations on a referenced MR image and the
//   annotation label as CORNERSTONEFREETEXT finding site; OHIF then fills the patient/study header.
// - 3D Slicer (dcmqi tid1500writer): TID 1411 Volumetric ROI groups referencing a SEG segment, with
//   SCT/SRT Volume in ml (Segment Statistics), built with dcmjs.sr value types as dcmqi lays them out.
import dcmjs, { type NaturalDataset } from "dcmjs";
import { datasetToPart10 } from "../../src/dicom/part10.ts";

const MR = "1.2.840.10008.5.1.4.1.1.4";
type P3 = [number, number, number];

export interface OhifAnnotation {
  tool: "Bidirectional" | "Length";
  label?: string;
  /** Bidirectional: long-axis end points then short-axis end points (world mm); Length: 2 points. */
  points: P3[];
  lengthMm: number;
  widthMm?: number;
}

export function ohifReport(options: {
  studyUid: string;
  seriesUid: string;
  imageUid: string;
  patientId: string;
  studyDate?: string;
  annotations: OhifAnnotation[];
}): Uint8Array {
  const imageId = `wadors:/studies/${options.studyUid}/series/${options.seriesUid}/instances/${options.imageUid}/frames/1`;
  const byTool: Record<string, { data: unknown[] }> = {};
  for (const a of options.annotations) {
    byTool[a.tool] ??= { data: [] };
    byTool[a.tool]!.data.push({
      metadata: { toolName: a.tool, referencedImageId: imageId, FrameOfReferenceUID: "1.2.3.4.5" },
      data: {
        handles: { points: a.points },
        cachedStats: { [`imageId:${imageId}`]: { length: a.lengthMm, width: a.widthMm } },
      },
      ...(a.label
        ? {
            findingSites: [
              {
                CodeValue: "CORNERSTONEFREETEXT",
                CodingSchemeDesignator: "CORNERSTONEJS",
                CodeMeaning: a.label,
              },
            ],
          }
        : {}),
    });
  }
  const metadata = {
    get(type: string) {
      if (type === "sopCommonModule") return { sopInstanceUID: options.imageUid, sopClassUID: MR };
      if (type === "generalSeriesModule")
        return { studyInstanceUID: options.studyUid, seriesInstanceUID: options.seriesUid };
      if (type === "frameNumber") return 1;
      return undefined;
    },
  };
  const worldToImage = (_id: string, p: P3) => [p[0], p[1]];
  const report = dcmjs.adapters.Cornerstone3D.MeasurementReport.generateReport(
    { [imageId]: byTool },
    metadata,
    worldToImage,
    {},
  );
  const dataset: NaturalDataset = report.dataset;
  // OHIF's SR export fills the patient and study of the displayed study (OHIF #3148 fixed this).
  dataset.PatientID = options.patientId;
  dataset.PatientName = `${options.patientId}^`;
  if (options.studyDate) dataset.StudyDate = options.studyDate;
  else delete dataset.StudyDate;
  return datasetToPart10(dataset);
}

const V = dcmjs.sr.valueTypes;
const cc = (value: string, scheme: string, meaning: string) =>
  new dcmjs.sr.coding.CodedConcept({ value, schemeDesignator: scheme, meaning });

export interface SlicerSegment {
  segmentNumber: number;
  label: string;
  volumeMl: number;
  /** Legacy SRT (older dcmqi) or SCT concept for Volume. */
  legacy?: boolean;
}

export function slicerReport(options: {
  studyUid: string;
  patientId: string;
  studyDate: string;
  segUid: string;
  sourceSeriesUid: string;
  observer: string;
  segments: SlicerSegment[];
}): Uint8Array {
  const groups = options.segments.map((s) => {
    const group = new V.ContainerContentItem({
      name: cc("125007", "DCM", "Measurement Group"),
      relationshipType: "CONTAINS",
      templateID: "1411",
    });
    const image = new V.ImageContentItem({
      name: cc("121191", "DCM", "Referenced Segment"),
      referencedSOPClassUID: "1.2.840.10008.5.1.4.1.1.66.4",
      referencedSOPInstanceUID: options.segUid,
      referencedSegmentNumbers: [s.segmentNumber],
      relationshipType: "CONTAINS",
    });
    group.ContentSequence = [
      new V.TextContentItem({
        name: cc("112039", "DCM", "Tracking Identifier"),
        value: s.label,
        relationshipType: "HAS OBS CONTEXT",
      }),
      new V.UIDRefContentItem({
        name: cc("112040", "DCM", "Tracking Unique Identifier"),
        value: `1.2.826.0.1.3680043.8.498.${s.segmentNumber}${options.studyDate}`,
        relationshipType: "HAS OBS CONTEXT",
      }),
      image,
      new V.UIDRefContentItem({
        name: cc("121232", "DCM", "Source series for segmentation"),
        value: options.sourceSeriesUid,
        relationshipType: "CONTAINS",
      }),
      new V.CodeContentItem({
        name: cc("121071", "DCM", "Finding"),
        value: cc("108369006", "SCT", "Neoplasm"),
        relationshipType: "CONTAINS",
      }),
      new V.NumContentItem({
        name: s.legacy ? cc("G-D705", "SRT", "Volume") : cc("118565006", "SCT", "Volume"),
        value: s.volumeMl,
        unit: cc("ml", "UCUM", "milliliter"),
        relationshipType: "CONTAINS",
      }),
    ];
    return group;
  });
  const dataset: NaturalDataset = {
    _meta: {},
    SOPClassUID: "1.2.840.10008.5.1.4.1.1.88.34",
    SOPInstanceUID: `${options.segUid}.1`,
    PatientID: options.patientId,
    PatientName: `${options.patientId}^`,
    StudyInstanceUID: options.studyUid,
    StudyDate: options.studyDate,
    Modality: "SR",
    SeriesInstanceUID: `${options.segUid}.2`,
    SeriesNumber: 1001,
    InstanceNumber: 1,
    Manufacturer: "QIICR",
    ContentDate: options.studyDate,
    ContentTime: "120000",
    CompletionFlag: "COMPLETE",
    VerificationFlag: "UNVERIFIED",
    ValueType: "CONTAINER",
    ConceptNameCodeSequence: [cc("126000", "DCM", "Imaging Measurement Report")],
    ContinuityOfContent: "SEPARATE",
    ContentTemplateSequence: [{ MappingResource: "DCMR", TemplateIdentifier: "1500" }],
    ContentSequence: [
      new V.CodeContentItem({
        name: cc("121049", "DCM", "Language of Content Item and Descendants"),
        value: cc("eng", "RFC5646", "English"),
        relationshipType: "HAS CONCEPT MOD",
      }),
      new V.CodeContentItem({
        name: cc("121005", "DCM", "Observer Type"),
        value: cc("121006", "DCM", "Person"),
        relationshipType: "HAS OBS CONTEXT",
      }),
      new V.PNameContentItem({
        name: cc("121008", "DCM", "Person Observer Name"),
        value: options.observer,
        relationshipType: "HAS OBS CONTEXT",
      }),
      new V.CodeContentItem({
        name: cc("121058", "DCM", "Procedure reported"),
        value: cc("P0-0099A", "SRT", "Imaging procedure"),
        relationshipType: "HAS CONCEPT MOD",
      }),
      Object.assign(
        new V.ContainerContentItem({
          name: cc("126010", "DCM", "Imaging Measurements"),
          relationshipType: "CONTAINS",
        }),
        { ContentSequence: groups },
      ),
    ],
  };
  return datasetToPart10(dataset);
}
