import { StudioError } from '../../src-main/api/errors';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { StudioProvider } from './context';
import { createHost } from './host';
import { autosaveMsFromQuery } from './state/project/controller';
import { startModeFromQuery } from './state/startup';
import { createStudio, startStudio } from './studio';
import { registerShortcuts } from './tools/shortcuts';
import { SHORTCUTS } from './tools/shortcutTable';
import './styles.css';

// Before the first render: the help overlay and every key binding read the registry.
registerShortcuts(SHORTCUTS);
const studio = createStudio(createHost(), { autosaveMs: autosaveMsFromQuery(window.location.search) });

const root = document.getElementById('root');
if (!root) throw new StudioError('internal', '#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <StudioProvider value={studio}>
      <App />
    </StudioProvider>
  </StrictMode>,
);
window.addEventListener('beforeunload', startStudio(studio, startModeFromQuery(window.location.search)));
