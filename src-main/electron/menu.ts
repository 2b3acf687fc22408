// The application menu. File → Open model…/Open image… pick a path here and
// hand it to the page (CH.open); the page opens it like any other request.
import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { basename, dirname } from 'node:path';
import { CH, type OpenRequest } from '../api/channels';
import { pickFile } from './ipc';
import type { RecentKind, Settings } from './settings';

export interface MenuDeps {
  settings: Settings;
  window(): BrowserWindow | null;
  dev: boolean;
}

function send(deps: MenuDeps, req: OpenRequest): void {
  const win = deps.window();
  if (win && !win.isDestroyed()) win.webContents.send(CH.open, req);
}

async function pickAndSend(deps: MenuDeps, kind: RecentKind): Promise<void> {
  const path = await pickFile(deps.window(), deps.settings, kind);
  if (path) send(deps, { kind, path });
}

function recentItems(deps: MenuDeps, kind: RecentKind): MenuItemConstructorOptions[] {
  return deps.settings.recent(kind).map((path) => ({
    // model.json alone says nothing: show its folder too.
    label: basename(path) === 'model.json' ? `${basename(dirname(path))}/model.json` : basename(path),
    sublabel: path,
    toolTip: path,
    click: () => send(deps, { kind, path }),
  }));
}

/** Builds (and rebuilds, when recents change) the application menu. */
export function installMenu(deps: MenuDeps): void {
  const models = recentItems(deps, 'model');
  const images = recentItems(deps, 'image');
  const none: MenuItemConstructorOptions[] = [{ label: 'No recent files', enabled: false }];
  const recent: MenuItemConstructorOptions[] = [
    ...(models.length ? [{ label: 'Models', enabled: false }, ...models] : []),
    ...(models.length && images.length ? [{ type: 'separator' as const }] : []),
    ...(images.length ? [{ label: 'Images', enabled: false }, ...images] : []),
  ];
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open &Model…', accelerator: 'CmdOrCtrl+O', click: () => void pickAndSend(deps, 'model') },
        { label: 'Open &Image…', accelerator: 'CmdOrCtrl+Shift+O', click: () => void pickAndSend(deps, 'image') },
        {
          label: '&Recent',
          submenu: [
            ...(recent.length ? recent : none),
            { type: 'separator' },
            {
              label: 'Clear Recent',
              enabled: recent.length > 0,
              click: () => {
                deps.settings.clearRecent();
                installMenu(deps);
              },
            },
          ],
        },
        { type: 'separator' },
        { role: 'quit', label: '&Quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(deps.dev ? [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }] : []),
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
