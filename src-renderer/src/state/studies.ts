// DICOM studies and series of several files or a folder (the Studies panel),
// the frame of a multi-frame image, and the open image's tags. Only each
// file's first bytes go to the engine to list the studies (headers only);
// an image is uploaded (or named by path) when it is opened.
import type { DicomSeries, DicomStudiesResult, DicomStudyImage, DicomTagsResult } from '../../../src-main/api/types';
import { errorMessage, type Host, type OpenImageRequest } from '../host';
import type { Sources } from './project/sources';
import { createStore, type Store } from './store';
import type { Controller } from './controller';
import type { StudioStore } from './types';

/** Bytes of each file sent to list the studies: as io/dicom-study-read.ts reads at most (STUDY_HEAD_BYTES). */
const HEAD_BYTES = 1024 * 1024;
/** Files read at most (as the engine's STUDY_FILE_LIMIT). */
const MAX_FILES = 2000;

export interface StudiesState {
  list: DicomStudiesResult | null;
  /** The series being paged: indices into list.studies and its series. */
  selected: { study: number; series: number } | null;
  /** Image shown of the selected series. */
  index: number;
  busy: boolean;
  error: string | null;
  /** Tags of the image `imageId`, when asked for. */
  tags: { imageId: string; result: DicomTagsResult } | null;
}

export const initialStudies: StudiesState = { list: null, selected: null, index: 0, busy: false, error: null, tags: null };

export interface StudiesController {
  store: Store<StudiesState>;
  /** Lists the studies of the DICOM files among these and opens the first series' first image. */
  openFiles(files: File[]): Promise<void>;
  pickSeries(study: number, series: number): Promise<void>;
  /** Shows image `index` of the selected series. */
  showImage(index: number): Promise<void>;
  /** Reopens the open image at another frame of its file. */
  showFrame(frame: number): Promise<void>;
  loadTags(): Promise<void>;
}

const head = async (f: File, n: number): Promise<Uint8Array> => new Uint8Array(await f.slice(0, n).arrayBuffer());

/** The files that carry "DICM" at byte 128 (Part 10), in order: what a drop of several DICOM files is told apart by. */
export async function dicomFiles(files: readonly File[]): Promise<File[]> {
  const out: File[] = [];
  for (const f of files.slice(0, MAX_FILES)) {
    const b = f.size >= 132 ? await head(f, 132) : null;
    if (b && String.fromCharCode(b[128], b[129], b[130], b[131]) === 'DICM') out.push(f);
  }
  return out;
}

/** The selected series, as held in the state (a stable reference, so that it can be a store selector). */
export function selectedSeries(s: StudiesState): DicomSeries | null {
  if (!s.list || !s.selected) return null;
  return s.list.studies[s.selected.study]?.series[s.selected.series] ?? null;
}

export function createStudiesController(host: Host, main: StudioStore, controller: Controller, sources: Sources): StudiesController {
  const store = createStore<StudiesState>(initialStudies);
  const patch = (p: Partial<StudiesState>) => store.set((s) => ({ ...s, ...p }));
  let files: File[] = [];

  const requestFor = async (img: DicomStudyImage): Promise<OpenImageRequest> =>
    img.fileIndex !== undefined ? host.imageRequestFromFile(files[img.fileIndex]) : { path: img.path };

  const c: StudiesController = {
    store,
    async openFiles(all) {
      patch({ busy: true, error: null });
      try {
        files = all.slice(0, MAX_FILES);
        const heads = await Promise.all(files.map(async (f) => ({ name: f.webkitRelativePath || f.name, bytes: await head(f, HEAD_BYTES) })));
        const list = await host.api.dicomStudies({ files: heads });
        patch({ list, selected: null, index: 0, busy: false });
        if (list.studies[0]?.series[0]) await c.pickSeries(0, 0);
      } catch (err) {
        patch({ busy: false, error: `Could not list the studies: ${errorMessage(err)}` });
      }
    },
    async pickSeries(study, series) {
      patch({ selected: { study, series }, index: 0 });
      await c.showImage(0);
    },
    async showImage(index) {
      const sel = selectedSeries(store.get());
      const img = sel?.images[index];
      if (!img) return;
      patch({ index });
      try {
        await controller.openImage(await requestFor(img));
      } catch (err) {
        patch({ error: `Could not open ${img.name}: ${errorMessage(err)}` });
      }
    },
    async showFrame(frame) {
      const image = main.get().image;
      const from = image && sources.image(image.id);
      if (!from || (!from.path && !from.file)) return;
      await controller.openImage({ ...(from.path ? { path: from.path } : { file: from.file }), frame });
    },
    async loadTags() {
      const image = main.get().image;
      if (!image?.dicom) return;
      try {
        patch({ tags: { imageId: image.id, result: await host.api.dicomTags({ imageId: image.id }) } });
      } catch (err) {
        patch({ error: `Could not read the tags: ${errorMessage(err)}` });
      }
    },
  };
  return c;
}
