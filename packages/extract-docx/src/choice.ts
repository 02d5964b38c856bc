/**
 * A form's option circled or boxed (密级：绝密 [机密] 秘密): shared by the readers of every format that
 * can draw a border or an enclosure around a stretch of text (DOCX, DOC, RTF, ODF). Read whole, the
 * row lists every level — a blank form — and passes; the chosen stretch is read apart.
 */

/** A form's 密级 row listing two or more levels. */
export const LEVEL_ROW = /(密级|秘密等级|保密等级)[^\n]{0,20}?(绝密|机密|秘密)[^\n]{0,20}?(绝密|机密|秘密)/;

/**
 * What is said of rows listing a form's levels with a shape anchored in them (an ellipse, a box, a
 * line, a free-form path): drawn over the row it may circle, box or strike out the option chosen,
 * and which option it marks is not worked out (shapes are not laid out over text).
 */
export function drawnOverRowsDetail(rows: readonly string[]): string {
  return `${rows.length} row(s) listing a form's levels have a shape drawn over them (an ellipse, a box, a line or a path; ${rows.slice(0, 3).map((t) => `“${t}”`).join(', ')}): it may circle, box or strike out the option chosen, and which option it marks was not worked out (shapes are not laid out over text).`;
}

/** A reading of a choice that begins with the 密级 label (a highlighted option is read so only). */
export const LABELLED = /^\s*(密\s*级|秘密等级|保密等级)/;

/** An EQ field that draws its argument inside a circle, a square, a triangle or a diamond (Word's 带圈字符: EQ \o\ac(○,机)). */
export const ENCLOSING = /^\s*EQ\b[\s\S]*\\o[\s\S]*[○◯◎□◇△]/i;

/**
 * A paragraph with one stretch circled read as that stretch chosen: the text before it cut after
 * its label (the last colon or tab; without one, its first word), the stretch, and the rest of the
 * word the stretch begins (an enclosed 机 of 机密). 密级：绝密 [机密] 秘密 reads 密级：机密.
 */
export function choiceReading(before: string, mark: string, after: string): string {
  const cut = Math.max(before.lastIndexOf('：'), before.lastIndexOf(':'), before.lastIndexOf('\t'));
  let label: string;
  if (cut >= 0) label = before.slice(0, cut + 1);
  else {
    const words = before.trim().split(/[\s\u3000]+/);
    label = words.length > 1 ? `${words[0]} ` : '';
  }
  const rest = /^[^\s\u3000：:，,、;；。.()（）\[\]【】□☐○◯]*/.exec(after)?.[0] ?? '';
  return label + mark + rest;
}

/**
 * Whether a reading of a circled stretch has no label and its paragraph is a sentence (a comma, a
 * full stop): a boxed word in prose (各单位要严格执行[绝密]、机密、秘密文件的登记制度。) is emphasis,
 * and read alone (绝密) it looked like a level on a line of its own. A form's cell of options with
 * its label in the cell before (绝密 [机密] 秘密) has no sentence in it, and is still read.
 */
export function unlabelledProse(read: string, mark: string, paragraph: string): boolean {
  return read.startsWith(mark) && /[，。；！？,;]/.test(paragraph);
}

/**
 * One paragraph's text fed run by run with whether each run is circled; {@link reading} gives the
 * paragraph read as its one circled stretch chosen, or nothing (none, or more than one: every
 * option boxed chooses none). Appends only: linear in the paragraph's length.
 */
export class CircledLine {
  private before = '';
  private mark = '';
  private after = '';
  private stretches = 0;
  private open = false;
  private shown = '';

  add(text: string, circled: boolean): void {
    this.shown += text;
    if (circled && text.trim()) {
      // Blanks between two circled pieces belong to the stretch (every option boxed reads as written).
      if (!this.open) (this.open = true), this.stretches++, (this.after = '');
      else this.mark += this.after;
      this.after = '';
      this.mark += text;
    } else {
      if (text.trim()) this.open = false;
      if (this.stretches) this.after += text;
      else this.before += text;
    }
  }

  /** The reading of the choice, when one stretch is circled and the reading differs from the paragraph. */
  reading(): string | undefined {
    if (this.stretches !== 1) return undefined;
    const read = choiceReading(this.before, this.mark, this.after);
    if (unlabelledProse(read, this.mark, this.shown)) return undefined;
    return read.trim() && read.trim() !== this.shown.trim() ? read : undefined;
  }

  /** The paragraph's text as fed. */
  text(): string {
    return this.shown;
  }

  reset(): void {
    this.before = this.mark = this.after = this.shown = '';
    this.stretches = 0;
    this.open = false;
  }
}
