// The inspector's Measure section: which pixel spacing the figures use (and
// whether it is calibrated), the drawn measurements, and the map's hot area
// (above the overlay threshold, or half the display range when none is set)
// in mm², its share of the latest drawn area (of the whole map without one:
// the app has no lung segmentation to offer) and its centroid in image px.
import { useMemo } from 'react';
import { useReading, useStudioState } from '../context';
import { thresholdOf } from '../render/contours';
import { hotArea } from '../render/hotArea';
import { figureOf, figureText } from '../render/measure';
import { spacingOf, spacingText } from '../../../src-main/shared/spacing';
import { measurementsOf, regionOf, removed } from '../state/reading';
import { useStore } from '../state/store';
import { Facts, Panel } from './Panel';
import { useFilmMap } from './useFilmMap';

/** The threshold used when the overlay has none: half of the display range. */
export const DEFAULT_HOT = 0.5;

export function MeasurePanel() {
  const reading = useReading();
  const all = useStore(reading, (s) => s.measurements);
  const image = useStudioState((s) => s.image);
  const t = useStudioState((s) => s.overlay.threshold);
  const mode = useStudioState((s) => s.overlay.mode);
  const film = useFilmMap();
  const spacing = useMemo(() => spacingOf(image?.dicom), [image]);
  const list = useMemo(() => measurementsOf(all, image?.id ?? null), [all, image]);
  const region = regionOf(list);
  const frac = t ?? DEFAULT_HOT;
  const hot = useMemo(() => {
    if (!film) return null;
    const th = thresholdOf(mode, film.bitmap.lo, film.bitmap.hi, frac);
    return hotArea(film.field, film.region, th, spacing, region);
  }, [film, mode, frac, spacing, region]);
  if (!image) return null;
  const pct = Math.round(frac * 100);
  return (
    <Panel title="Measure" className="measure-panel">
      <p className="hint" data-testid="spacing-note">
        {spacingText(spacing)}
      </p>
      {list.length > 0 ? (
        <ol className="measure-list" data-testid="measure-list">
          {list.map((m, i) => (
            <li key={m.id}>
              {m.kind === 'distance' ? 'Distance' : 'Area'} {i + 1}: <output>{figureText(figureOf(m, spacing))}</output>{' '}
              <button type="button" className="icon" aria-label={`Remove measurement ${i + 1}`} onClick={() => reading.set(removed, m.id)}>
                ×
              </button>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">Pick Distance or Area above the image to measure.</p>
      )}
      {hot && film && (
        <div data-testid="hot-area" data-area-px={hot.areaPx} data-area-mm2={hot.areaMm2 ?? ''} data-share={hot.share}>
          <h3>
            Map above {pct}%{t == null ? ' (overlay threshold off)' : ''}
          </h3>
          <Facts
            rows={[
              [
                region ? 'Area inside the drawn area' : 'Area',
                hot.areaMm2 === null ? `${hot.areaPx.toFixed(0)} px² (no pixel spacing)` : `${hot.areaMm2.toFixed(1)} mm² (${hot.areaPx.toFixed(0)} px²)`,
              ],
              [region ? 'Share of drawn area' : 'Share of the map', `${(hot.share * 100).toFixed(1)} %`],
              ['Centroid (image px)', hot.centroid ? `x ${hot.centroid.x.toFixed(1)}, y ${hot.centroid.y.toFixed(1)}` : '—'],
            ]}
          />
          {!region && <p className="hint muted">Draw an Area to get the share of a region (no lung segmentation is available).</p>}
        </div>
      )}
    </Panel>
  );
}
