// dcmjs ships no types; this declares the parts this project uses: the DICOM
// data dictionary (tag browser) and reading/writing a Part 10 file (tests).
declare module 'dcmjs' {
  export interface DictionaryEntry {
    tag: string;
    vr: string;
    vm: string;
    name: string;
    version: string;
  }
  export interface DcmjsElement {
    vr: string;
    Value?: unknown[];
    InlineBinary?: string;
  }
  export class DicomDict {
    constructor(meta: Record<string, DcmjsElement>);
    meta: Record<string, DcmjsElement>;
    dict: Record<string, DcmjsElement>;
    write(options?: Record<string, unknown>): ArrayBuffer;
  }
  const dcmjs: {
    data: {
      DicomMetaDictionary: {
        /** Keyed by "(gggg,eeee)" in upper-case hex; repeating groups as "(60xx,3000)". */
        dictionary: Record<string, DictionaryEntry | undefined>;
      };
      DicomMessage: { readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): DicomDict };
      DicomDict: typeof DicomDict;
    };
  };
  export default dcmjs;
}
