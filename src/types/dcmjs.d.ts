// Minimal typings for the parts of dcmjs 0.51 used by src/dicom (the package ships none). Datasets are
// "naturalized" (keyword → value objects), as dcmjs produces and consumes them.
declare module "dcmjs" {
  export type NaturalDataset = Record<string, any>;
  interface DicomDictInstance {
    meta: Record<string, unknown>;
    dict: Record<string, unknown>;
    write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
  }
  const dcmjs: {
    data: {
      DicomMessage: {
        readFile(
          buffer: ArrayBuffer,
          options?: { ignoreErrors?: boolean; untilTag?: string },
        ): DicomDictInstance;
      };
      DicomDict: new (meta: Record<string, unknown>) => DicomDictInstance;
      DicomMetaDictionary: {
        naturalizeDataset(dict: Record<string, unknown>): NaturalDataset;
        denaturalizeDataset(dataset: NaturalDataset): Record<string, unknown>;
        uid(): string;
      };
      datasetToDict(dataset: NaturalDataset): DicomDictInstance;
    };
    sr: any;
    utilities: any;
    adapters: any;
    log: any;
  };
  export default dcmjs;
}
