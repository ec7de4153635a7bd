/**
 * Where a profile entry (a figure or a procedure step) comes from: the seed
 * document of its jurisdiction, or an administrative default that the
 * jurisdiction's 安委办 set where the seed is silent (and may change).
 */
export const FIGURE_ORIGINS = ['seed', 'administrative-default'] as const;
export type FigureOrigin = (typeof FIGURE_ORIGINS)[number];

export function isFigureOrigin(value: unknown): value is FigureOrigin {
  return (FIGURE_ORIGINS as readonly unknown[]).includes(value);
}
