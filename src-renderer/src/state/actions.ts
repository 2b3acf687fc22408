// Every named action, by area. An action is a pure (state, ...args) → state.
export * as session from './session';
export * as explain from './explain';
export * as display from './display';
export * as compare from './compare/actions';
