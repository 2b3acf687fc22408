// The BIM results as pure functions of the per-sample values: runBim calls
// them on the samples it ran, a job array's outputs on every shard's rows, so
// one call over all n samples and the aggregate of samples computed in pieces
// are the same numbers. Samples are taken in index order whatever order they
// come in (each sum adds in that order); no times (ms) here, those are the run's.
import type { BimMethodRow, BimObjectsResult, BimObjectsSample, BimTcav, ChestMarkerResult, MarkerRow, MarkerSample } from '../api/bim-types';
import { StudioError } from '../api/errors';
import { inputDependenceRate, inputIndependenceRate, modelContrastScore } from './metrics';

const mean = (v: readonly number[]): number => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);

/** The indices of a request checked against n (default 0…n−1). */
export function checkIndices(indices: readonly number[] | undefined, n: number): number[] {
  if (indices == null) return Array.from({ length: n }, (_, k) => k);
  if (!Array.isArray(indices)) throw new StudioError('bad-request', 'bim: "indices" must be a list of integers');
  const bad = indices.filter((k) => !(Number.isInteger(k) && k >= 0 && k < n));
  if (bad.length) throw new StudioError('bad-request', `bim: "indices" must be integers in 0…${n - 1} (n = ${n}), got ${bad.slice(0, 5).join(', ')}`);
  if (new Set(indices).size !== indices.length) throw new StudioError('bad-request', 'bim: "indices" lists a sample twice');
  return [...indices];
}

function inOrder<S extends { index: number }>(samples: readonly S[]): S[] {
  const s = [...samples].sort((a, b) => a.index - b.index);
  for (let i = 1; i < s.length; i++) if (s[i].index === s[i - 1].index) throw new StudioError('bad-request', `bim: sample ${s[i].index} is given twice`);
  return s;
}

/** A pair the paper scores: all three classifications right. */
export const isUsed = (s: BimObjectsSample): boolean => s.correct.object && s.correct.scene && s.correct.sceneWithoutObject;

/** MCS, IDR, IIR per method and the accuracies, from the pairs' values; TCAV is passed through (not per pair). */
export function aggregateObjects(samples: readonly BimObjectsSample[], methods: readonly string[], t: number, tcav: BimTcav | null): BimObjectsResult {
  const all = inOrder(samples);
  const used = all.filter(isUsed);
  const g = (id: string, k: 'gObject' | 'gScene' | 'gWithout'): number[] =>
    used.map((s) => {
      const m = s.methods?.[id];
      if (!m) throw new StudioError('bad-request', `bim: pair ${s.index} has no values for ${id}`);
      return m[k];
    });
  const insensitive = used.map((s) => s.outputChange < t);
  const rows: BimMethodRow[] = methods.map((id) => {
    const [gObj, gScene, gWithout] = [g(id, 'gObject'), g(id, 'gScene'), g(id, 'gWithout')];
    const iir = inputIndependenceRate(gScene, gWithout, insensitive, t);
    return {
      method: id,
      mcs: modelContrastScore(gObj, gScene),
      idr: inputDependenceRate(gScene, gWithout),
      iir: iir.rate,
      iirPairs: iir.pairs,
      gObject: mean(gObj),
      gScene: mean(gScene),
    };
  });
  const acc = (k: keyof BimObjectsSample['correct']): number => mean(all.map((s) => (s.correct[k] ? 1 : 0)));
  return {
    variant: 'objects',
    images: all.length,
    used: used.length,
    accuracy: { object: acc('object'), scene: acc('scene'), sceneWithoutObject: acc('sceneWithoutObject') },
    t,
    rows,
    tcav,
  };
}

/** Mean marker share per model and their ratio per method, from the images' values; the accuracies and the box are the run's. */
export function aggregateMarker(
  samples: readonly MarkerSample[],
  methods: readonly string[],
  accuracy: ChestMarkerResult['accuracy'],
  boxFraction: number,
): ChestMarkerResult {
  const all = inOrder(samples);
  const share = (id: string, k: 'shareShortcut' | 'shareClean'): number[] =>
    all.map((s) => {
      const m = s.methods[id];
      if (!m) throw new StudioError('bad-request', `bim: image ${s.index} has no values for ${id}`);
      return m[k];
    });
  const rows: MarkerRow[] = methods.map((id) => {
    const [a, b] = [mean(share(id, 'shareShortcut')), mean(share(id, 'shareClean'))];
    const ratio = b > 0 ? a / b : a > 0 ? Infinity : NaN;
    return { method: id, shareShortcut: a, shareClean: b, ratio, reveals: ratio >= 2 };
  });
  return { variant: 'chest-marker', images: all.length, accuracy, boxFraction, rows };
}
