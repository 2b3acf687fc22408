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

export function ladderTitle(info: EngineInfo): string {
  const lines = ladderLines(info).map((l) => (l.status === 'skipped' ? `${l.name}: skipped — ${l.reason}` : `${l.name}: ${l.status}`));
  const workers = info.workers && info.workers > 1 ? [`${info.workers} job workers beside the interactive one`] : [];
  return [`Backend: ${info.backend} (tfjs ${info.tfjsVersion})`, ...workers, ...lines].join('\n');
}
