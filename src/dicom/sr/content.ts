// Thin constructors over dcmjs's SR value types (dcmjs.sr.valueTypes), so the writer reads like the
// templates: item(relationship, ...) calls nest into ContentSequence arrays. The objects are dcmjs
// "naturalized" datasets; dcmjs encodes them (src/dicom/part10.ts).
import dcmjs, { type NaturalDataset } from "dcmjs";
import type { Code } from "../codes.ts";

const V = dcmjs.sr.valueTypes;
const concept = (c: Code) =>
  new dcmjs.sr.coding.CodedConcept({ value: c.value, schemeDesignator: c.scheme, meaning: c.meaning });

export type Rel = "CONTAINS" | "HAS OBS CONTEXT" | "HAS CONCEPT MOD" | "HAS PROPERTIES" | "INFERRED FROM";
export type Item = NaturalDataset;

function withChildren(item: Item, children?: Item[]): Item {
  if (children && children.length > 0) item.ContentSequence = children;
  return item;
}

export function container(rel: Rel | undefined, name: Code, children: Item[], templateId?: string): Item {
  const item = new V.ContainerContentItem({
    name: concept(name),
    ...(rel ? { relationshipType: rel } : {}),
    ...(templateId ? { templateID: templateId } : {}),
  });
  // An empty container has no ContentSequence at all (PS3.3 C.17.3: the sequence is Type 1C).
  delete item.ContentSequence;
  return withChildren(item, children);
}

export const codeItem = (rel: Rel, name: Code, value: Code, children?: Item[]): Item =>
  withChildren(
    new V.CodeContentItem({ name: concept(name), value: concept(value), relationshipType: rel }),
    children,
  );

export const textItem = (rel: Rel, name: Code, value: string): Item =>
  new V.TextContentItem({ name: concept(name), value, relationshipType: rel });

export const uidItem = (rel: Rel, name: Code, value: string): Item =>
  new V.UIDRefContentItem({ name: concept(name), value, relationshipType: rel });

export const personItem = (rel: Rel, name: Code, value: string): Item =>
  new V.PNameContentItem({ name: concept(name), value, relationshipType: rel });

/** Decimal String: at most 16 characters (PS3.5 §6.2); the exact double goes in FloatingPointValue. */
export function decimalString(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  for (let digits = 15; digits >= 1; digits--) {
    const s = String(Number(x.toPrecision(digits)));
    if (s.length <= 16) return s;
  }
  return x.toExponential(8);
}

export function numItem(rel: Rel, name: Code, value: number, unit: Code, children?: Item[]): Item {
  const item = new V.NumContentItem({
    name: concept(name),
    value,
    unit: concept(unit),
    relationshipType: rel,
  });
  const measured = item.MeasuredValueSequence[0];
  measured.NumericValue = decimalString(value);
  // FloatingPointValue (FD) carries the exact double whenever the DS had to be rounded.
  if (Number(measured.NumericValue) !== value) measured.FloatingPointValue = value;
  else delete measured.FloatingPointValue;
  return withChildren(item, children);
}

/** A 3-D polyline in patient coordinates (mm) on a frame of reference. */
export const scoord3dItem = (rel: Rel, name: Code, points: number[], frameOfReferenceUid: string): Item =>
  new V.Scoord3DContentItem({
    name: concept(name),
    graphicType: "POLYLINE",
    graphicData: points,
    frameOfReferenceUID: frameOfReferenceUid,
    relationshipType: rel,
  });
