// One live class-model run inside the engine: the step loop with pause,
// resume, single step, reset and stop, parameters swapped between steps, and
// a frame (image + S_c + probability) sent every `frameEvery` steps through
// the engine's progress channel. The loop yields to the event loop after every
// step, so a slider change, a pause or a cancel lands before the next step.
import type { ClassModelAction, ClassModelFrame, ClassModelStatus, ParamValues } from '../api/types';
import { StudioError } from '../api/errors';
import { yieldToLoop } from '../core/jobs';
import type { CancelSignal } from '../explainers/types';
import { resolveClassModelParams, type ClassModelOptimiser, type ClassModelParams, type ClassModelScore } from './class-model';

export interface SessionEnd {
  status: ClassModelStatus;
  score: ClassModelScore;
  history: ClassModelScore[];
  image: { data: Uint8Array; width: number; height: number };
  params: ClassModelParams;
}

export class ClassModelSession {
  private status: ClassModelStatus = 'running';
  private stopRequested = false;
  private stepRequested = 0;
  /** Send a frame at the loop's next turn even without a step (a status change, a reset). */
  private frameDue = false;
  private wake: (() => void) | null = null;
  readonly history: ClassModelScore[] = [];

  constructor(
    private readonly opt: ClassModelOptimiser,
    private params: ClassModelParams,
    private readonly signal: CancelSignal,
    private readonly emit: (frame: ClassModelFrame) => void,
    /** Keep the run open when `steps` is reached (the UI: a raised step count continues it). */
    private readonly keepAlive = false,
  ) {}

  get current(): ClassModelParams {
    return this.params;
  }

  /** Merges new parameter values; they apply from the next step on. */
  update(given: ParamValues): ClassModelParams {
    const merged = resolveClassModelParams({ ...(this.params as unknown as ParamValues), ...given });
    if (merged.init !== this.params.init || merged.seed !== this.params.seed)
      throw new StudioError('bad-param', 'init and seed are fixed for a run: start a new one');
    this.params = merged;
    if (this.status === 'done' && this.opt.step < merged.steps) this.status = 'running';
    this.poke();
    return merged;
  }

  control(action: ClassModelAction): ClassModelStatus {
    switch (action) {
      case 'pause':
        if (this.status === 'running') this.status = 'paused';
        this.frameDue = true; // the view learns the new status from a frame
        break;
      case 'resume':
        if (this.status === 'paused' || (this.status === 'done' && this.opt.step < this.params.steps)) this.status = 'running';
        this.frameDue = true;
        break;
      case 'step':
        if (this.status !== 'running') this.stepRequested++;
        break;
      case 'reset':
        this.opt.reset();
        this.history.length = 0;
        if (this.status === 'done') this.status = 'paused';
        this.stepRequested = 0;
        this.frameDue = true;
        break;
      case 'stop':
        this.stopRequested = true;
        break;
    }
    this.poke();
    return this.status;
  }

  private poke(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private sleep(): Promise<void> {
    return new Promise((r) => (this.wake = r));
  }

  private async frame(): Promise<ClassModelScore> {
    const score = await this.opt.score();
    if (this.history.at(-1)?.step !== score.step) this.history.push(score);
    const image = await this.opt.rgba();
    this.emit({
      step: score.step,
      logit: score.logit,
      probability: score.probability,
      top: score.top,
      steps: this.params.steps,
      status: this.status,
      rgba: image.data,
      width: image.width,
      height: image.height,
    });
    return score;
  }

  async run(): Promise<SessionEnd> {
    await this.frame(); // step 0: the start image
    for (;;) {
      this.signal.check();
      if (this.stopRequested) break;
      if (this.frameDue) {
        this.frameDue = false;
        await this.frame();
      }
      const p = this.params;
      if (this.status === 'running' && this.opt.step < p.steps) {
        this.opt.stepOnce(p);
        if (this.opt.step % p.frameEvery === 0 || this.opt.step >= p.steps) await this.frame();
        await yieldToLoop();
        continue;
      }
      if (this.status === 'running') {
        this.status = 'done';
        await this.frame();
        if (!this.keepAlive) break;
        continue;
      }
      if (this.stepRequested > 0) {
        this.stepRequested--;
        this.opt.stepOnce(p);
        await this.frame();
        continue;
      }
      await this.sleep();
    }
    if (this.status !== 'done') this.status = 'stopped';
    const score = await this.frame();
    const image = await this.opt.rgba();
    return { status: this.status, score, history: this.history, image, params: this.params };
  }
}
