// The controls' ids and labels as plain data, for the renderer (which cannot
// import the registry and its tensors) until it reads catalog().controls;
// control-list.test.ts keeps it equal to the registry's controls.
export const CONTROL_LIST: readonly { id: string; label: string }[] = [
  { id: 'random-map', label: 'Random map' },
  { id: 'fake-cam', label: 'Fake-CAM' },
  { id: 'sobel', label: 'Sobel edges' },
];
