// Host selection, once at start: the preload's `window.studio` means Electron,
// otherwise this page was served by the loopback web host.
import { ElectronHost, type PreloadStudio } from './electronHost';
import { HostError, type Host } from './Host';
import { socketUrl, WebHost } from './webHost';

export type { Host, OpenImageRequest, OpenModelRequest } from './Host';
export { errorCode, errorMessage, HostError } from './Host';

declare global {
  interface Window {
    studio?: PreloadStudio;
  }
}

export function createHost(win: Window = window): Host {
  if (win.studio) return new ElectronHost(win.studio);
  const url = socketUrl(win.location);
  if (!url) {
    // Still return a host, so the UI can render and show why nothing works.
    const host = new WebHost('ws://invalid.invalid/ws', () => {
      throw new HostError('this page needs the ?token=… printed by `saliency-studio serve`', 'no-token');
    });
    return host;
  }
  return new WebHost(url);
}
