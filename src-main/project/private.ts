// Projects carry no patient-identifying attributes unless the user opted in:
// every embedded DICOM upload is rewritten de-identified (io/deidentify.ts)
// before the store sees the snapshot, for saves and the autosave alike. A file
// that cannot be rewritten fails the save rather than being written as it is.
import { randomBytes } from 'node:crypto';
import type { PrivacySettings } from '../api/dicom-export-types';
import type { ProjectImage, ProjectSnapshot } from '../api/project-types';
import { remapUid } from '../io/deidentify';
import { deidentifyPart10, isPart10, readPart10 } from '../io/dicom-part10';
import { StudioError } from '../api/errors';

/** Without settings: de-identified, with a salt of this save only. */
const defaults = (): PrivacySettings => ({ identifiable: false, salt: randomBytes(16).toString('hex'), dates: 'shift' });

const uidsOf = (bytes: Uint8Array): string[] => {
  const { dict } = readPart10(bytes);
  return ['0020000D', '0020000E', '00080018'].map((t) => dict[t]?.Value?.[0]).filter((u): u is string => typeof u === 'string' && u.length > 8);
};

function privateImage(img: ProjectImage, p: PrivacySettings): ProjectImage {
  const bytes = img.file?.bytes;
  if (!img.file || !bytes || !isPart10(bytes)) return img;
  let out: Uint8Array;
  let uids: string[];
  try {
    uids = uidsOf(bytes);
    out = deidentifyPart10(bytes, p);
  } catch {
    throw new StudioError(
      'bad-input',
      `${img.name}: this DICOM file could not be de-identified, so the project was not written (turn identifiable data on to save it as it is)`,
    );
  }
  // A DICOM file is often named by its UID: the names get the remapped one.
  const rename = (n: string): string => uids.reduce((acc, u) => acc.split(u).join(remapUid(u, p.salt)), n);
  return { ...img, name: rename(img.name), file: { name: rename(img.file.name), bytes: out } };
}

export function privateSnapshot(project: ProjectSnapshot, privacy?: PrivacySettings): ProjectSnapshot {
  if (privacy?.identifiable) return project;
  const p = privacy ?? defaults();
  return { ...project, images: project.images.map((img) => privateImage(img, p)) };
}

/** A save or autosave request with its snapshot made private, and the settings (not the store's business) dropped. */
export function privateRequest<R extends { project: ProjectSnapshot; privacy?: PrivacySettings }>(req: R): Omit<R, 'privacy'> {
  const { privacy, ...rest } = req;
  return { ...rest, project: privateSnapshot(req.project, privacy) };
}
