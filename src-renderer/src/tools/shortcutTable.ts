// The app's keyboard shortcuts, one table in the order the help overlay lists
// them (by scope, in first appearance). Registered once at start (main.tsx);
// each view binds the ids it acts on with useShortcuts.
import type { Shortcut } from './shortcuts';

export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'help', keys: ['?'], description: 'Show or hide this list of shortcuts', scope: 'General' },
  { id: 'theme', keys: ['t'], description: 'Switch between light and dark theme', scope: 'General' },
  { id: 'openModel', keys: ['Mod+O'], description: 'Open a model', scope: 'General' },
  { id: 'openImage', keys: ['Mod+Shift+O'], description: 'Open an image', scope: 'General' },
  { id: 'saveProject', keys: ['Mod+S'], description: 'Save the project (asks a name the first time)', scope: 'General' },
  { id: 'explain', keys: ['e'], description: 'Run the selected explanation method', scope: 'Explain' },
  { id: 'cancel', keys: ['x'], description: 'Cancel the running job', scope: 'Explain' },
  { id: 'zoomIn', keys: ['+', '='], description: 'Zoom in', scope: 'Viewer' },
  { id: 'zoomOut', keys: ['-'], description: 'Zoom out', scope: 'Viewer' },
  { id: 'fit', keys: ['0'], description: 'Fit the image to the view (or double-click)', scope: 'Viewer' },
  { id: 'overlay', keys: ['v'], description: 'Show or hide the saliency overlay', scope: 'Overlay' },
  { id: 'nextColormap', keys: ['c'], description: 'Next colormap', scope: 'Overlay' },
  { id: 'prevColormap', keys: ['Shift+C'], description: 'Previous colormap', scope: 'Overlay' },
  { id: 'sign', keys: ['s'], description: 'Toggle |abs| / ± signed attribution', scope: 'Overlay' },
  { id: 'contours', keys: ['l'], description: 'Toggle threshold contour lines', scope: 'Overlay' },
  { id: 'invert', keys: ['i'], description: 'Invert the image display (window/level)', scope: 'Viewer' },
  { id: 'resetWindow', keys: ['r'], description: 'Reset the display window', scope: 'Viewer' },
  { id: 'oneToOne', keys: ['1'], description: 'One image pixel per screen pixel (grid)', scope: 'Compare' },
  { id: 'panLeft', keys: ['ArrowLeft'], description: 'Pan every cell left', scope: 'Compare' },
  { id: 'panRight', keys: ['ArrowRight'], description: 'Pan every cell right', scope: 'Compare' },
  { id: 'panUp', keys: ['ArrowUp'], description: 'Pan every cell up', scope: 'Compare' },
  { id: 'panDown', keys: ['ArrowDown'], description: 'Pan every cell down', scope: 'Compare' },
  { id: 'deselect', keys: ['Escape'], description: 'Style all cells again (leave the selected cell)', scope: 'Compare' },
];
