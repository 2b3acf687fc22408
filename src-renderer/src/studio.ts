// The page's objects, built once at start: the host, the stores and the
// controllers that own them (each the only caller of the host for its view).
// Components reach them through context.tsx and read state with useStore.
import { startupDemo, type StartMode } from './state/startup';
import { createViewSync, type ViewSync } from './compare/viewSync';
import type { Host } from './host';
import { createBimController, type BimController } from './state/bimController';
import { createClassModelController, type ClassModelController } from './state/classModelController';
import { createCompareController, type CompareController } from './state/compare/controller';
import { createController, type Controller } from './state/controller';
import { createEvaluateController, type EvaluateController } from './state/evaluateController';
import { createJobMeter, type JobMeterStore } from './state/jobMeter';
import { createLocalizeController, type LocalizeController } from './state/localizeController';
import { MaskLab } from './state/maskLabController';
import { createPresetController, type PresetController } from './state/presetController';
import { ProjectController } from './state/project/controller';
import { trackSources } from './state/project/sources';
import { createReading, type ReadingStore } from './state/reading';
import { persistTab } from './state/project/viewPrefs';
import { createStore } from './state/store';
import { createStudiesController, type StudiesController } from './state/studies';
import { initialState, type StudioStore } from './state/types';

export interface Studio {
  host: Host;
  /** The main state: model, image, method, result, overlay, grid, errors. */
  store: StudioStore;
  controller: Controller;
  /** The Model panel's preprocessing preset (reopens the model with it). */
  preset: PresetController;
  lab: MaskLab;
  compare: { controller: CompareController; viewSync: ViewSync };
  project: ProjectController;
  evaluate: EvaluateController;
  bim: BimController;
  localize: LocalizeController;
  classModel: ClassModelController;
  /** The open model's ms per pass, the running job's progress times and the last cancel (state/jobMeter.ts). */
  meter: JobMeterStore;
  /** DICOM studies and series, frames and tags (state/studies.ts). */
  studies: StudiesController;
  /** Reading tools: side-by-side layout, measurements (state/reading.ts). */
  reading: ReadingStore;
}

export interface StudioOptions {
  /** Autosave period (tests shorten it: project/controller.ts autosaveMsFromQuery). */
  autosaveMs?: number;
}

export function createStudio(host: Host, opts: StudioOptions = {}): Studio {
  // Before anything opens a model or image: a project records how each was opened.
  const sources = trackSources(host.api);
  const store = createStore(initialState);
  const lab = new MaskLab(host, store);
  const viewSync = createViewSync();
  const controller = createController(host, store);
  return {
    host,
    store,
    controller,
    preset: createPresetController(controller, store, sources),
    lab,
    compare: { controller: createCompareController(host, store), viewSync },
    project: new ProjectController({ host, store, sources, lab, view: viewSync, cancelJob: () => controller.cancel(), autosaveMs: opts.autosaveMs }),
    evaluate: createEvaluateController(host, store),
    bim: createBimController(host),
    localize: createLocalizeController(host, store),
    classModel: createClassModelController(host, store),
    meter: createJobMeter(host, store).store,
    studies: createStudiesController(host, store, controller, sources),
    reading: createReading(),
  };
}

/** The first engine calls and the desktop menu's requests; returns what ends the page's session. */
export function startStudio(s: Studio, start: StartMode = 'demo'): () => void {
  const startup = s.controller.init().then(async () => {
    const demo = startupDemo(s.store.get(), start);
    if (demo) await s.controller.openDemo(demo);
  });
  void s.project.settle(startup);
  void s.lab.init();
  void s.project.init();
  void persistTab(s.store);
  // The desktop menu's Open… and Recent items arrive here as paths.
  s.host.onOpenRequest?.((req) => void (req.kind === 'model' ? s.controller.openModel({ path: req.path }) : s.controller.openImage({ path: req.path })));
  return () => {
    // Leaving the page keeps the autosave's offer: a reload and a closed window look the same from here.
    s.project.dispose();
    s.compare.controller.dispose();
    s.classModel.dispose();
    s.host.close();
  };
}
