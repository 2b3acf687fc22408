import { describe, expect, it } from 'vitest';
import * as f from '../testing/fixtures';
import type { EvaluateResult, SanityResult } from '../../../src-main/api/evaluate-types';
import {
  curveRows,
  evaluateActions as a,
  effectiveImages,
  evaluateBlocker,
  evaluateRequest,
  initialEvaluate,
  parseClasses,
  progressFraction,
  progressLabel,
  sanityRequest,
  similarityRows,
  tcavRequest,
} from './evaluate';

const result = (jobId: string): EvaluateResult => ({
  jobId,
  model: 'm',
  backend: 'wasm',
  images: ['a'],
  methods: ['gradcam', 'fake-cam'],
  metrics: ['deletion'],
  options: {},
  rows: [],
  seconds: 1,
  summary: {},
  curves: { gradcam: { fraction: [0, 0.5, 1], deletion: [0.9, 0.3, 0.1] }, 'fake-cam': { fraction: [0, 0.5, 1], deletion: [0.9, 0.8, 0.1] } },
});

describe('Evaluate view state', () => {
  it('toggles methods and metrics immutably; mask metrics need masks, and dropping masks drops them', () => {
    // Which metrics need masks comes from the engine's catalog (descriptors' needsMask).
    let s = a.methodToggled(a.catalogRead(initialEvaluate, f.catalog), 'saliency', true);
    expect(s.methods).toEqual(['gradcam', 'fake-cam', 'saliency']);
    expect(initialEvaluate.methods).toEqual(['gradcam', 'fake-cam']);
    s = a.methodToggled(s, 'gradcam', false);
    expect(s.methods).toEqual(['fake-cam', 'saliency']);
    expect(a.metricToggled(s, 'iou', true)).toBe(s); // refused without masks
    s = a.metricToggled(a.masksSet(s, true), 'iou', true);
    expect(s.metrics).toContain('iou');
    s = a.masksSet(s, false);
    expect(s.metrics).not.toContain('iou');
    expect(a.stepsSet(s, 0)).toBe(s);
    expect(a.stepsSet(s, 5).steps).toBe(5);
  });

  it('one job at a time; progress and results of another job are ignored; a new evaluation clears the old result only', () => {
    let s = a.started(initialEvaluate, 'evaluate', 'j1');
    expect(a.started(s, 'sanity', 'j2')).toBe(s);
    s = a.progressed(s, { jobId: 'other', done: 1, total: 2 });
    expect(s.job!.progress).toBeNull();
    s = a.progressed(s, { jobId: 'j1', done: 250, total: 1000, message: 'maps' });
    expect(progressFraction(s.job!.progress)).toBe(0.25);
    expect(a.evaluated(s, 'stale', result('stale'))).toBe(s);
    s = a.evaluated(s, 'j1', result('j1'));
    expect([s.job, s.result!.jobId]).toEqual([null, 'j1']);
    const sanity = { jobId: 'k' } as SanityResult;
    s = a.sanityChecked(a.started(s, 'sanity', 'k'), 'k', sanity);
    s = a.started(s, 'evaluate', 'j3');
    expect([s.result, s.sanity]).toEqual([null, sanity]);
    s = a.cancelRequested(s, 'j3');
    expect(s.job!.cancelling).toBe(true);
    expect(a.ended(s, 'j3').job).toBeNull();
  });

  it('a model without demo samples evaluates the current image; Run says why it cannot run', () => {
    expect(effectiveImages('samples', 0)).toBe('current');
    expect(effectiveImages('samples', 3)).toBe('samples');
    expect(effectiveImages('current', 3)).toBe('current');
    // The initial choice is 'samples'; with none, the request goes to the open image.
    expect(evaluateRequest(initialEvaluate, 'j', 'm1', { imageId: 'i1', samplePaths: [] })).toMatchObject({ imageIds: ['i1'] });
    expect(evaluateBlocker(initialEvaluate, 'x.png', 0)).toBeNull();
    expect(evaluateBlocker(initialEvaluate, null, 0)).toBe('Open an image to evaluate on (this model has no demo samples).');
    expect(evaluateBlocker(a.imagesSet(initialEvaluate, 'current'), null, 4)).toBe('Open an image, or evaluate on the demo samples.');
    const none = a.methodToggled(a.methodToggled(initialEvaluate, 'gradcam', false), 'fake-cam', false);
    expect(evaluateBlocker(none, 'x.png', 4)).toBe('Choose at least one method or control.');
    expect(evaluateBlocker({ ...initialEvaluate, metrics: [] }, 'x.png', 4)).toBe('Choose at least one metric.');
    expect(evaluateBlocker(a.started(initialEvaluate, 'sanity', 'j'), 'x.png', 4)).toMatch(/Another run/);
  });

  it('the chosen substrates go into the request', () => {
    const s = a.substrateSet(a.substrateSet(initialEvaluate, 'deletion', 'mean'), 'insertion', 'zero');
    expect(evaluateRequest(s, 'j', 'm1', { imageId: 'i1', samplePaths: ['/a.png'] })?.options).toEqual({
      steps: 10,
      deletionSubstrate: 'mean',
      insertionSubstrate: 'zero',
    });
  });

  it('progress reads at most 99 % while the job runs (done = total is not the result yet)', () => {
    const p = (done: number, total: number) => ({ jobId: 'j', done, total });
    expect(progressLabel(null)).toBe('Starting…');
    expect(progressLabel(p(0, 8))).toBe('0 %');
    expect(progressLabel(p(7, 8))).toBe('87 %');
    expect(progressLabel(p(8, 8))).toBe('99 %');
    expect(progressLabel(p(999, 1000))).toBe('99 %');
  });

  it('builds the engine requests from the choices; none while something is missing', () => {
    const paths = ['/d/0.png', '/d/1.png'];
    expect(evaluateRequest(initialEvaluate, 'j', 'm1', { imageId: 'i1', samplePaths: paths })).toEqual({
      jobId: 'j',
      modelId: 'm1',
      paths,
      methods: ['gradcam', 'fake-cam'],
      metrics: ['deletion', 'insertion', 'average-drop', 'average-increase', 'adcc'],
      masks: false,
      options: { steps: 10, deletionSubstrate: 'zero', insertionSubstrate: 'blur' },
    });
    const current = a.imagesSet(initialEvaluate, 'current');
    expect(evaluateRequest(current, 'j', 'm1', { imageId: 'i1', samplePaths: [] })).toMatchObject({ imageIds: ['i1'] });
    expect(evaluateRequest(current, 'j', 'm1', { imageId: null, samplePaths: paths })).toBeNull();
    expect(
      evaluateRequest(a.methodToggled(a.methodToggled(initialEvaluate, 'gradcam', false), 'fake-cam', false), 'j', 'm', { imageId: 'i', samplePaths: paths }),
    ).toBeNull();
    expect(sanityRequest(initialEvaluate, 'j', 'm', 'i')).toEqual({
      jobId: 'j',
      modelId: 'm',
      mode: 'cascading',
      methods: ['saliency', 'guided-backprop'],
      imageId: 'i',
    });
    expect(sanityRequest(initialEvaluate, 'j', 'm', null)).toBeNull();
    expect(sanityRequest(a.sanityModeSet(initialEvaluate, 'data'), 'j', 'm', null)).toEqual({
      jobId: 'j',
      modelId: 'm',
      mode: 'data',
      methods: ['saliency', 'guided-backprop'],
      epochs: 4,
      trainLimit: 500,
      data: 'digits',
    });
    // A labelled folder of the user's replaces the demo digits (surrounding spaces dropped).
    const folder = a.dataFolderSet(a.sanityModeSet(initialEvaluate, 'data'), '  /data/xray-by-class ');
    expect(sanityRequest(folder, 'j', 'm', null)).toMatchObject({ mode: 'data', data: '/data/xray-by-class' });
  });

  it('shapes results for the charts: one row per x with a key per method', () => {
    const c = curveRows(result('j'), 'deletion');
    expect(c.methods).toEqual(['gradcam', 'fake-cam']);
    expect(c.rows).toEqual([
      { x: 0, gradcam: 0.9, 'fake-cam': 0.9 },
      { x: 0.5, gradcam: 0.3, 'fake-cam': 0.8 },
      { x: 1, gradcam: 0.1, 'fake-cam': 0.1 },
    ]);
    expect(curveRows(result('j'), 'insertion')).toEqual({ methods: [], rows: [] });
    const s = {
      methods: ['saliency'],
      columns: [{ label: 'original' }, { label: 'conv1' }],
      similarity: [
        [
          { spearman: 1, spearmanAbs: 1, ssim: 1, hog: null },
          { spearman: -0.2, spearmanAbs: 0.3, ssim: 0.1, hog: null },
        ],
      ],
    } as unknown as SanityResult;
    expect(similarityRows(s)).toEqual([
      { step: 'original', saliency: 1 },
      { step: 'conv1', saliency: 0.3 },
    ]);
    expect(similarityRows(s, 'hog')).toEqual([
      { step: 'original', saliency: null },
      { step: 'conv1', saliency: null },
    ]);
  });

  it('TCAV: classes parse from "1, 7"; the request needs the three folders and valid classes; its result clears on a new run', () => {
    expect(parseClasses('1, 7')).toEqual([1, 7]);
    expect(parseClasses('1 x')).toBeNull();
    expect(parseClasses('')).toBeNull();
    let s = a.tcavFieldSet(initialEvaluate, 'concept', '/c');
    s = a.tcavFieldSet(a.tcavFieldSet(s, 'random', '/r'), 'classes', '1,7');
    expect(tcavRequest(s, 'j', 'm')).toBeNull();
    s = a.tcavFieldSet(s, 'images', ' /i ');
    expect(tcavRequest(s, 'j', 'm')).toEqual({ jobId: 'j', modelId: 'm', concept: '/c', random: '/r', images: '/i', classes: [1, 7], randomSets: 10 });
    expect(tcavRequest(a.tcavFieldSet(s, 'layer', 'conv2'), 'j', 'm')).toMatchObject({ layer: 'conv2' });
    s = a.tcavDone(a.started(s, 'tcav', 't1'), 't1', { jobId: 't1' } as never);
    expect(s.tcav).toEqual({ jobId: 't1' });
    expect(a.started(s, 'tcav', 't2').tcav).toBeNull();
  });

  it('each kind keeps the source of its own run; a new run of one kind replaces only its source', () => {
    const digits = { modelId: 'm1', modelName: 'Digits CNN', imageId: null, imageName: '5 demo samples' };
    const onThree = { modelId: 'm1', modelName: 'Digits CNN', imageId: 'i1', imageName: 'digit-3.png' };
    let s = a.evaluated(a.started(initialEvaluate, 'evaluate', 'j1', digits), 'j1', result('j1'));
    s = a.sanityChecked(a.started(s, 'sanity', 'j2', onThree), 'j2', { jobId: 'j2' } as SanityResult);
    expect(s.sources).toEqual({ evaluate: digits, sanity: onThree });
    s = a.started(s, 'evaluate', 'j3');
    expect(s.sources).toEqual({ sanity: onThree });
    expect(initialEvaluate.sources).toEqual({});
  });
});
