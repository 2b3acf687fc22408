// The signatures live in shared/ so that the renderer's file routing
// (shared/model-files.ts) tells images from the rest by the same bytes.
export { sniff, type Sniffed } from '../shared/sniff';
