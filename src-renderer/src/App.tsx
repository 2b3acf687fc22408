// The page layout, nothing more: panels read the store and call the controller.
import { CanvasView } from './components/CanvasView';
import { DemoPanel } from './components/DemoPanel';
import { DicomPanel } from './components/DicomPanel';
import { DropTarget } from './components/DropTarget';
import { EnginePanel } from './components/EnginePanel';
import { ErrorBanner } from './components/ErrorBanner';
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

export function App() {
  return (
    <DropTarget>
      <div className="app">
        <Header />
        <ErrorBanner />
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
            <CanvasView />
            <OverlayControls />
            <div className="studies">
              <ClassModelPanel />
              <LocalizePanel />
            </div>
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
