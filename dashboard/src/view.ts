// What each view gives the router: its element, and what to stop (timers) when another view replaces it.
export interface View {
  element: HTMLElement;
  dispose?(): void;
}
