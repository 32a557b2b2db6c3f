// The shapes of a reader's entry for one time point. Kept apart from entities.ts (which pulls in the
// whole engine) so the web workstation validates as you type with these very schemas: it imports this
// file and the case model, nothing else of the server.
import { z } from "zod";
import { Assessment, Lesion } from "../../engine/model/case.ts";
import { Version } from "./common.ts";

/** A reader's entry for one time point: the case model's assessment without date and lesions. */
export const ReadTimepointData = Assessment.omit({ date: true, lesions: true });
export const ReadTimepointPut = z.strictObject({
  /** The version you read; omit when the time point has not been entered yet. */
  version: Version.optional(),
  data: ReadTimepointData,
  lesions: z.array(Lesion).default([]),
});
export const LesionPut = z.strictObject({
  version: Version.optional().describe("the version you read; omit to create the lesion"),
  /** The case model's lesion; its id must be the lesion id of the path. */
  lesion: Lesion,
});
