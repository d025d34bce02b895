/** Panes (and the diff row above them) side by side from `md`, up to 4 from `xl`; one column on narrow screens. */
export const PANE_COLUMNS: Record<number, string> = {
  2: 'md:grid-cols-2',
  3: 'md:grid-cols-2 xl:grid-cols-3',
  4: 'md:grid-cols-2 xl:grid-cols-4',
};
