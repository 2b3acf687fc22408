// The page layout, nothing more: panels read the store and call the controller.
// Header; then the inputs rail, the viewer (most of the window) and the inspector.
import { CanvasView } from './components/CanvasView';
import { DemoPanel } from './components/DemoPanel';
import { DicomPanel } from './components/DicomPanel';
import { DicomExportPanel } from './components/DicomExportPanel';
import { DropTarget } from './components/DropTarget';
import { ErrorBanner } from './components/ErrorBanner';
import { RestoreBanner } from './components/RestoreBanner';
import { Header } from './components/Header';
import { Inspector } from './components/Inspector';
import { Rail } from './components/Rail';
import { StudiesPanel } from './components/StudiesPanel';
import { MethodPanel } from './components/MethodPanel';
import { ModelPanel } from './components/ModelPanel';
import { OpenPanel } from './components/OpenPanel';
import { OverlayControls } from './components/OverlayControls';
import { PredictionTable } from './components/PredictionTable';
import { TrustCardPanel } from './components/TrustCardPanel';
import { WindowLevelPanel } from './components/WindowLevelPanel';
import { ClassModelPanel } from './components/ClassModelPanel';
import { LocalizePanel } from './components/LocalizePanel';
import { ExperimentLog } from './components/ExperimentLog';
import { MaskPanel } from './components/MaskPanel';
import { MeasurePanel } from './components/MeasurePanel';
import { ViewTabs } from './components/ViewTabs';
import { CompareView } from './compare/CompareView';
import { EvaluateView } from './components/EvaluateView';
import { useDispatch, useStudioState } from './context';
import { display } from './state/actions';
import type { ViewTab } from './state/types';
import './layout.css';

export function App() {
  const tab = useStudioState((s) => s.tab);
  const dispatch = useDispatch();
  return (
    <DropTarget>
      <div className="app">
        <Header />
        <RestoreBanner />
        <div className="frame">
          <ErrorBanner />
          <Rail>
            <DemoPanel />
            <OpenPanel />
            <StudiesPanel />
            <ModelPanel />
            <DicomPanel />
            <DicomExportPanel />
            <WindowLevelPanel />
          </Rail>
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
                    </>
                  ),
                },
                { id: 'compare', label: 'Compare', panel: <CompareView /> },
                { id: 'evaluate', label: 'Evaluate', panel: <EvaluateView /> },
              ]}
            />
          </main>
          <Inspector>
            <MethodPanel />
            <PredictionTable />
            <TrustCardPanel />
            <MeasurePanel />
            <MaskPanel />
            <ClassModelPanel />
            <LocalizePanel />
            <ExperimentLog />
          </Inspector>
        </div>
      </div>
    </DropTarget>
  );
}
