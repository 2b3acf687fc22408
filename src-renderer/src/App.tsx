// The page layout, nothing more: panels read the store and call the controller.
import { CanvasView } from './components/CanvasView';
import { DemoPanel } from './components/DemoPanel';
import { DicomPanel } from './components/DicomPanel';
import { DropTarget } from './components/DropTarget';
import { EnginePanel } from './components/EnginePanel';
import { ErrorBanner } from './components/ErrorBanner';
import { RestoreBanner } from './components/RestoreBanner';
import { Header } from './components/Header';
import { MethodPanel } from './components/MethodPanel';
import { ModelPanel } from './components/ModelPanel';
import { OpenPanel } from './components/OpenPanel';
import { OverlayControls } from './components/OverlayControls';
import { PredictionTable } from './components/PredictionTable';
import { WindowLevelPanel } from './components/WindowLevelPanel';
import { ClassModelPanel } from './components/ClassModelPanel';
import { LocalizePanel } from './components/LocalizePanel';
import { ExperimentLog } from './components/ExperimentLog';
import { MaskPanel } from './components/MaskPanel';
import { ViewTabs } from './components/ViewTabs';
import { CompareView } from './compare/CompareView';
import { EvaluateView } from './components/EvaluateView';
import { useDispatch, useStudioState } from './context';
import { display } from './state/actions';
import type { ViewTab } from './state/types';

export function App() {
  const tab = useStudioState((s) => s.tab);
  const dispatch = useDispatch();
  return (
    <DropTarget>
      <div className="app">
        <Header />
        <ErrorBanner />
        <RestoreBanner />
        <div className="workspace">
          <aside className="sidebar" aria-label="Model and image">
            <DemoPanel />
            <OpenPanel />
            <ModelPanel />
            <DicomPanel />
            <WindowLevelPanel />
            <EnginePanel />
          </aside>
          <main className="viewer" aria-label="Viewer">
            <ViewTabs<ViewTab>
              active={tab}
              onChange={(t) => dispatch(display.tabChanged, t)}
              tabs={[
                {
                  id: 'explore',
                  label: 'Explore',
                  panel: (
                    <>
                      <CanvasView />
                      <OverlayControls />
                      <div className="studies">
                        <ClassModelPanel />
                        <LocalizePanel />
                      </div>
                    </>
                  ),
                },
                { id: 'compare', label: 'Compare', panel: <CompareView /> },
                { id: 'evaluate', label: 'Evaluate', panel: <EvaluateView /> },
              ]}
            />
          </main>
          <aside className="sidebar" aria-label="Prediction and explanation">
            <PredictionTable />
            <MethodPanel />
            <MaskPanel />
            <ExperimentLog />
          </aside>
        </div>
      </div>
    </DropTarget>
  );
}
