// The chest phantom generator lives in the engine (src-main/bim/phantom.ts: the
// BIM chest-marker variant draws it in the worker); the demo trainers import it from here.
export * from '../../src-main/bim/phantom';
