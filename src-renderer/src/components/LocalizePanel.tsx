// Weakly supervised localisation (Simonyan et al. 2013 §4.1): a saliency map
// → quantile seeds → colour GMMs → graph cut (or plain thresholding). Shows
// the mask and box over the image, IoU against a ground-truth mask when the
// image has one, and the demo sample set's IoU / pointing-game table.
import { useMemo, useState } from 'react';
import { Image as KonvaImage, Layer, Rect, Stage } from 'react-konva';
import type { LocalizeResult, Segmenter } from '../../../src-main/api/types';
import { useStudio, useStudioState } from '../context';
import { toCanvas } from '../render/bitmap';
import { pixelsToRgba } from '../render/windowLevel';
import { useStore } from '../state/store';
import { Panel } from './Panel';

const SIDE = 224;

function maskCanvas(r: LocalizeResult): HTMLCanvasElement {
  const [h, w] = r.shape;
  const rgba = new Uint8ClampedArray(h * w * 4);
  for (let i = 0; i < h * w; i++) if (r.mask[i]) rgba.set([255, 40, 40, 110], i * 4);
  return toCanvas(w, h, rgba);
}

/** The manifest beside a demo's samples (the chest phantoms carry one). */
function manifestOf(paths: string[]): string | null {
  const p = paths[0];
  if (!p) return null;
  const cut = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return `${p.slice(0, cut + 1)}manifest.json`;
}

export function LocalizePanel() {
  const { localize: loc } = useStudio();
  const model = useStudioState((s) => s.model);
  const image = useStudioState((s) => s.image);
  const pixels = useStudioState((s) => s.pixels);
  const win = useStudioState((s) => s.window);
  const methods = useStudioState((s) => s.methods);
  const demo = useStudioState((s) => s.demos.find((d) => d.id === s.demoId) ?? null);
  const [method, setMethod] = useState('saliency');
  const [segmenter, setSegmenter] = useState<Segmenter>('graphcut');
  const [fgQuantile, setFg] = useState(0.95);
  const [bgQuantile, setBg] = useState(0.3);
  const { result, evaluation, busy } = useStore(loc.store, (s) => s);
  const imageCanvas = useMemo(
    () =>
      pixels && win
        ? (() => {
            // Shown at SIDE: a full-level bitmap here cost ~70 ms on every image open and window change.
            const i = pixelsToRgba(pixels, win, undefined, 2 * SIDE);
            return toCanvas(i.width, i.height, i.rgba);
          })()
        : null,
    [pixels, win],
  );
  const mask = useMemo(() => (result ? maskCanvas(result) : null), [result]);
  if (!model) return null;
  const opts = { method, segmenter, fgQuantile, bgQuantile };
  const fresh = result && result.imageId === image?.id ? result : null;
  const [h, w] = fresh?.shape ?? [1, 1];
  const k = SIDE / Math.max(h, w);
  const manifest = demo ? manifestOf(demo.images.map((i) => i.path)) : null;
  return (
    <Panel title="Localize" className="localize">
      <p className="hint muted">Object mask from a saliency map, by a model that never learned segmentation (seeds at the 95% / 30% quantiles in the paper).</p>
      <div className="cm-params">
        <label className="cm-param">
          method{' '}
          <select aria-label="Localize from map" value={method} onChange={(e) => setMethod(e.target.value)}>
            {methods
              .filter((m) => !m.needsLayer || model.autoLayer || model.defaultLayer)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                </option>
              ))}
          </select>
        </label>
        <label className="cm-param">
          segmenter{' '}
          <select aria-label="segmenter" value={segmenter} onChange={(e) => setSegmenter(e.target.value as Segmenter)}>
            <option value="graphcut">graph cut</option>
            <option value="threshold">threshold</option>
          </select>
        </label>
        <label className="cm-param">
          <span>object quantile</span>
          <input
            aria-label="object quantile"
            type="number"
            min={0.5}
            max={0.9999}
            step={0.001}
            value={fgQuantile}
            onChange={(e) => setFg(Number(e.target.value))}
          />
        </label>
        <label className="cm-param">
          <span>background quantile</span>
          <input
            aria-label="background quantile"
            type="number"
            min={0}
            max={0.9}
            step={0.05}
            value={bgQuantile}
            onChange={(e) => setBg(Number(e.target.value))}
          />
        </label>
      </div>
      <div className="button-row">
        <button type="button" className="primary" disabled={busy || !image} onClick={() => image && void loc.localize(model.id, image.id, opts)}>
          Localize
        </button>
        {manifest && (
          <button type="button" disabled={busy} onClick={() => void loc.evaluate(model.id, manifest, opts)}>
            Evaluate sample set
          </button>
        )}
      </div>
      {fresh && (
        <>
          <Stage width={w * k} height={h * k} className="cm-stage">
            <Layer listening={false}>
              {imageCanvas && <KonvaImage image={imageCanvas} width={w * k} height={h * k} />}
              {mask && <KonvaImage image={mask} width={w * k} height={h * k} />}
              {fresh.box && (
                <Rect x={fresh.box.x * k} y={fresh.box.y * k} width={fresh.box.width * k} height={fresh.box.height * k} stroke="#ffd400" strokeWidth={2} />
              )}
            </Layer>
          </Stage>
          <p className="hint" data-testid="localize-summary">
            {fresh.method}/{fresh.segmenter} for {fresh.target.label}: box{' '}
            {fresh.box ? `${fresh.box.x},${fresh.box.y} ${fresh.box.width}×${fresh.box.height}` : 'none'}
            {fresh.truth && (
              <>
                {' '}
                · IoU <output data-testid="localize-iou">{fresh.truth.iou.toFixed(3)}</output> · box IoU {fresh.truth.boxIou.toFixed(3)} · pointing{' '}
                {fresh.truth.pointing ? 'hit' : 'miss'}
              </>
            )}
          </p>
        </>
      )}
      {evaluation && (
        <table className="localize-table" data-testid="localize-eval">
          <thead>
            <tr>
              <th>method</th>
              <th>segmenter</th>
              <th>n</th>
              <th>mean IoU</th>
              <th>box IoU</th>
              <th>pointing</th>
            </tr>
          </thead>
          <tbody>
            {evaluation.rows.map((r) => (
              <tr key={`${r.method}/${r.segmenter}`}>
                <td>{r.method}</td>
                <td>{r.segmenter}</td>
                <td>{r.n}</td>
                <td>{r.meanIou.toFixed(3)}</td>
                <td>{r.meanBoxIou.toFixed(3)}</td>
                <td>
                  {r.pointingHits}/{r.n}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
