/**
 * Text metrics of the modeler's labels, estimated without a browser:
 * bpmn-js draws names at 12px (Arial); a Chinese character is about as wide
 * as the font size, a Latin letter or digit a little over half of it.
 */

export const FONT_SIZE = 12;
export const LINE_HEIGHT = 15;

/** Width in px of a one-line text at FONT_SIZE. */
export function textWidth(text: string): number {
  let width = 0;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code > 0x2e7f) width += FONT_SIZE;
    else if (character === ' ') width += FONT_SIZE * 0.3;
    else width += FONT_SIZE * 0.58;
  }
  return Math.ceil(width);
}

/** Lines the text takes when wrapped into `width` px (a rough estimate: bpmn-js breaks at any CJK character). */
export function lineCount(text: string, width: number): number {
  const paragraphs = text.split('\n');
  return paragraphs.reduce((total, paragraph) => total + Math.max(1, Math.ceil(textWidth(paragraph) / width)), 0);
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export const TASK_HEIGHT = 80;
export const TASK_MIN_WIDTH = 100;
/** About eight Chinese characters per line inside a task box (bpmn-js pads 5px on each side). */
const TASK_LINE_CHARS = 8;
const TASK_MAX_LINES = 4;

/**
 * A task box: 100×80 (bpmn-js fits about seven characters a line in it),
 * wider when its name needs more than three such lines: then about eight
 * characters a line or more, at most four lines.
 */
export function taskSize(name: string | undefined, boundaryEvents: number): Size {
  const characters = textWidth((name ?? '').replace(/\s+/g, '')) / FONT_SIZE;
  const perLine = characters <= 21 ? 0 : Math.max(TASK_LINE_CHARS, Math.ceil(characters / TASK_MAX_LINES));
  const byName = Math.ceil((perLine * FONT_SIZE + 12) / 10) * 10;
  // Boundary events sit side by side on a border, 36px each with a gap; from the third on, the names
  // of those between go below them, so each needs the width of its name.
  const byEvents = boundaryEvents <= 2 ? boundaryEvents * 40 + 20 : boundaryEvents * 80;
  return { width: Math.max(TASK_MIN_WIDTH, byName, byEvents), height: TASK_HEIGHT };
}

/** Bounds of an external label (events, gateways, flows) of at most `maxWidth` px per line. */
export function labelSize(name: string, maxWidth = 100): Size {
  const width = Math.min(maxWidth, Math.max(20, textWidth(name)));
  return { width, height: lineCount(name, width) * LINE_HEIGHT };
}
