// Types of class-model visualisation (gradient ascent with live parameters).
import type { ClassScore, ParamValues } from './common';

export type ClassModelStatus = 'running' | 'paused' | 'done' | 'stopped';
export type ClassModelAction = 'pause' | 'resume' | 'step' | 'reset' | 'stop';

/** One frame of a class-model run, streamed as JobProgress.frame every few steps. */
export interface ClassModelFrame {
  step: number;
  steps: number;
  status: ClassModelStatus;
  /** S_c, the pre-softmax score of the target, and its softmax probability. */
  logit: number;
  probability: number;
  /** The class the current image is classified as. */
  top: number;
  /** De-processed image, RGBA bytes, at the model-input resolution. */
  rgba: Uint8Array;
  width: number;
  height: number;
}

export interface ClassModelRequest {
  /** The run's id: frames arrive as progress of this job; `cancel` ends it with an error, action "stop" with a result. */
  jobId: string;
  modelId: string;
  target: number;
  /** Start image for params.init = "image". */
  imageId?: string;
  params?: ParamValues;
  /** Stay open at the step count (paused as "done") until stopped: raising `steps` continues. */
  keepAlive?: boolean;
}

export interface ClassModelResult {
  jobId: string;
  status: ClassModelStatus;
  target: ClassScore;
  top: ClassScore;
  steps: number;
  ms: number;
  params: ParamValues;
  history: { step: number; logit: number; probability: number; top: number }[];
  image: { rgba: Uint8Array; width: number; height: number };
}
