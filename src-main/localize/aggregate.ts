// Per-sample localisation scores → one row per (method, segmenter): mean IoU,
// mean box IoU and the pointing game's hits and rate. Pure, so the engine's
// evaluateManifest and the CLI's writer (a run, a resumed run, a merge of
// shards) compute the rows from the same per-sample values the same way.
import type { LocalizeEvalRow, Segmenter } from '../api/types';

export interface LocalizeSampleScore {
  method: string;
  segmenter: Segmenter;
  iou: number;
  boxIou: number;
  pointing: boolean;
}

/** Rows in method-major order; a pair with no samples has n 0 and NaN means and rate. */
export function localizeRows(samples: LocalizeSampleScore[], methods: string[], segmenters: Segmenter[]): LocalizeEvalRow[] {
  return methods.flatMap((method) =>
    segmenters.map((segmenter) => {
      const s = samples.filter((x) => x.method === method && x.segmenter === segmenter);
      const mean = (f: (x: LocalizeSampleScore) => number): number => (s.length ? s.reduce((a, x) => a + f(x), 0) / s.length : NaN);
      const hits = s.filter((x) => x.pointing).length;
      return {
        method,
        segmenter,
        n: s.length,
        meanIou: mean((x) => x.iou),
        meanBoxIou: mean((x) => x.boxIou),
        pointingHits: hits,
        pointingRate: s.length ? hits / s.length : NaN,
      };
    }),
  );
}
