// A problem with a DICOM input (a file, a PACS URL): the message names the source and the problem and
// the CLI prints it on one line and exits 2. It is an ImagingInputError so that every imaging command
// (measure, track) and the top-level handler treat it like a broken NIfTI file.
import { ImagingInputError } from "../imaging/errors.ts";

export class DicomInputError extends ImagingInputError {
  constructor(source: string, problem: string) {
    super(source, problem);
    this.name = "DicomInputError";
  }
}
