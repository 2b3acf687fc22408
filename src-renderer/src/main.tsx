import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { StudioProvider } from './context';
import { createHost } from './host';
import { createController } from './state/controller';
import { createStore } from './state/store';
import { MaskLabProvider } from './maskContext';
import { MaskLab } from './state/maskLabController';
import { CompareProvider } from './compare/context';
import { createViewSync } from './compare/viewSync';
import { createCompareController } from './state/compare/controller';
import { defaultJobId } from './state/controller';
import { ProjectProvider } from './projectContext';
import { ProjectController } from './state/project/controller';
import { trackSources } from './state/project/sources';
import { persistTab } from './state/project/viewPrefs';
import './styles.css';

const host = createHost();
// Before anything opens a model or image: a project records how each was opened.
const sources = trackSources(host.api);
const store = createStore();
const controller = createController(host, store);
const maskLab = new MaskLab(host, store);
const compare = { controller: createCompareController(host, store, defaultJobId), viewSync: createViewSync() };
const project = new ProjectController({ host, store, sources, lab: maskLab, view: compare.viewSync });

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <StudioProvider value={{ host, store, controller }}>
      <MaskLabProvider value={maskLab}>
        <CompareProvider value={compare}>
          <ProjectProvider value={project}>
            <App />
          </ProjectProvider>
        </CompareProvider>
      </MaskLabProvider>
    </StudioProvider>
  </StrictMode>,
);
void controller.init();
void maskLab.init();
void project.init();
void persistTab(store);
// The desktop menu's Open… and Recent items arrive here as paths.
host.onOpenRequest?.((req) => void (req.kind === 'model' ? controller.openModel({ path: req.path }) : controller.openImage({ path: req.path })));
window.addEventListener('beforeunload', () => {
  // Leaving the page normally: the autosave need not be offered next time.
  project.markCleanExit();
  project.dispose();
  controller.dispose();
  compare.controller.dispose();
  host.close();
});
