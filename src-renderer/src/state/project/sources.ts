// How each open model and image was opened — its path, or the bytes a browser
// uploaded — so a project can reopen them. Recorded at the one door every
// open goes through (host.api), whichever panel or grid asked.
import type { ProjectImage, ProjectModel } from '../../../../src-main/api/project-types';
import type { StudioApi } from '../../../../src-main/api/types';

export interface Sources {
  model(id: string): ProjectModel | null;
  image(id: string): ProjectImage | null;
}

/** Wraps api.openModel / api.openImage in place and returns what they opened, by engine id. */
export function trackSources(api: StudioApi): Sources {
  const models = new Map<string, ProjectModel>();
  const images = new Map<string, ProjectImage>();
  const openModel = api.openModel.bind(api);
  const openImage = api.openImage.bind(api);
  const mutable = api as { -readonly [K in keyof StudioApi]: StudioApi[K] };
  mutable.openModel = async (req) => {
    const info = await openModel(req);
    const from = req.path ? { path: req.path } : { files: req.files ?? [] };
    models.set(info.id, { name: info.name, ...from, ...(req.preprocess ? { preprocess: req.preprocess } : {}) });
    return info;
  };
  mutable.openImage = async (req) => {
    const info = await openImage(req);
    images.set(info.id, { name: info.name, ...(req.path ? { path: req.path } : req.file ? { file: req.file } : {}) });
    return info;
  };
  return { model: (id) => models.get(id) ?? null, image: (id) => images.get(id) ?? null };
}
