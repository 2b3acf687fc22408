// Files dropped anywhere in the window: a model (model.json + shards), an image, or both,
// as files or as a folder; which is which is read from their content (host/files.ts).
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useController, useDispatch, useStudio } from '../context';
import { errorMessage } from '../host';
import { filesFromDrop } from '../host/files';
import { display } from '../state/actions';

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

export function DropTarget({ children }: { children: ReactNode }) {
  const controller = useController();
  const { project } = useStudio();
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
          else if (files.length > 0) void controller.openDropped(files);
        },
        (err: unknown) => dispatch(display.failed, `Could not read the dropped folder: ${errorMessage(err)}`),
      );
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
  }, [controller, project, dispatch]);

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
