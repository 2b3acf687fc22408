// Human-readable engine backend ladder, for the badge tooltip and the Engine panel.
import type { EngineInfo } from '../../../src-main/api/types';

export interface RungLine {
  name: string;
  status: 'used' | 'skipped' | 'not tried';
  reason?: string;
}

export function ladderLines(info: EngineInfo): RungLine[] {
  return info.ladder.map((r) => {
    if (r.name === info.backend) return { name: r.name, status: 'used' };
    if (r.skipped) return { name: r.name, status: 'skipped', reason: r.skipped };
    return { name: r.name, status: 'not tried' };
  });
}

/**
 * The largest image per channel count: the pixel limit, or fewer pixels where the sample budget
 * (pixels × channels) is reached first, e.g. "100 MP grey · 33 MP RGB · 25 MP RGBA".
 */
export function pixelLimitText(info: Pick<EngineInfo, 'pixelLimit' | 'sampleLimit'>): string {
  const samples = info.sampleLimit ?? info.pixelLimit;
  const mp = (channels: number) => Math.floor(Math.min(info.pixelLimit, samples / channels) / 1e6);
  return `${mp(1)} MP grey · ${mp(3)} MP RGB · ${mp(4)} MP RGBA`;
}

export function ladderTitle(info: EngineInfo): string {
  const lines = ladderLines(info).map((l) => (l.status === 'skipped' ? `${l.name}: skipped — ${l.reason}` : `${l.name}: ${l.status}`));
  const workers = info.workers && info.workers > 1 ? [`${info.workers} job workers beside the interactive one`] : [];
  return [`Backend: ${info.backend} (tfjs ${info.tfjsVersion})`, ...workers, ...lines].join('\n');
}
