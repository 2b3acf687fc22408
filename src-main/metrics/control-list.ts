// The controls' ids and labels as plain data, for the renderer (which cannot
// import controls.ts and its tensors); control-list.test.ts keeps the two equal.
export const CONTROL_LIST: readonly { id: string; label: string }[] = [
  { id: 'random-map', label: 'Random map' },
  { id: 'fake-cam', label: 'Fake-CAM' },
  { id: 'sobel', label: 'Sobel edges' },
];
