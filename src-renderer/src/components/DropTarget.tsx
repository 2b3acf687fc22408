// Files dropped anywhere in the window: a model (model.json + shards), an image, or both,
// as files or as a folder; which is which is read from their content (host/files.ts).
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useController, useDispatch, useStudio } from '../context';
import { dicomFiles } from '../state/studies';
import { errorMessage } from '../host';
import { filesFromDrop } from '../host/files';
import { display } from '../state/actions';

const MODEL_NAME = /^model\.json$|\.(onnx|h5|hdf5|keras)$/i;
const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

export function DropTarget({ children }: { children: ReactNode }) {
  const controller = useController();
  const { project, studies } = useStudio();
  const dispatch = useDispatch();
  const [over, setOver] = useState(false);
  const depth = useRef(0);

  useEffect(() => {
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current++;
      setOver(true);
    };
    const overFn = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current = 0;
      setOver(false);
      // Taken now: the DataTransfer is emptied once this handler returns.
      void filesFromDrop(e.dataTransfer).then(
        (files) => {
          // A project file replaces the session; anything dropped with it is ignored.
          const proj = files.find((f) => /\.ssproj$/i.test(f.name));
          if (proj) void project.openFile(proj);
          else if (files.length > 0) void openDrop(files);
        },
        (err: unknown) => dispatch(display.failed, `Could not read the dropped folder: ${errorMessage(err)}`),
      );
    };
    // Several DICOM files (or a folder of them) are a study: listed by series, not the first opened and the rest dropped.
    const openDrop = async (files: File[]) => {
      const dicoms = files.length > 1 ? await dicomFiles(files) : [];
      if (dicoms.length < 2) return controller.openDropped(files);
      await studies.openFiles(dicoms);
      // A model dropped with them still opens; other files (a DICOMDIR, notes) are the study's and left alone.
      const rest = files.filter((f) => !dicoms.includes(f));
      if (rest.some((f) => MODEL_NAME.test(f.name))) await controller.openDropped(rest);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', overFn);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', overFn);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [controller, project, studies, dispatch]);

  return (
    <>
      {children}
      {over && (
        <div className="drop-veil" aria-hidden="true">
          Drop a model (its folder, or model.json with its shards and labels; .onnx, .h5, .keras), an image or a project (.ssproj)
        </div>
      )}
    </>
  );
}
