import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { StudioProvider } from './context';
import { createHost } from './host';
import { createController } from './state/controller';
import { createStore } from './state/store';
import { MaskLabProvider } from './maskContext';
import { MaskLab } from './state/maskLabController';
import './styles.css';

const host = createHost();
const store = createStore();
const controller = createController(host, store);
const maskLab = new MaskLab(host, store);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <StudioProvider value={{ host, store, controller }}>
      <MaskLabProvider value={maskLab}>
        <App />
      </MaskLabProvider>
    </StudioProvider>
  </StrictMode>,
);
void controller.init();
void maskLab.init();
// The desktop menu's Open… and Recent items arrive here as paths.
host.onOpenRequest?.((req) => void (req.kind === 'model' ? controller.openModel({ path: req.path }) : controller.openImage({ path: req.path })));
window.addEventListener('beforeunload', () => {
  controller.dispose();
  host.close();
});
