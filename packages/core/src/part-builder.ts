/**
 * The one builder every extractor writes its located text with. Offsets are known as the text
 * grows: text is kept as chunks, and the builder remembers its length and last character, so
 * nothing re-reads what was built (a part of 100,000 paragraphs stays linear).
 *
 * Two ways of writing, one store:
 * - paragraphs (`beginParagraph` / `append` / `endParagraph`): one {@link Block} per paragraph,
 *   paragraphs joined by '\n' — documents with explicit paragraphs (Word, spreadsheets, slides);
 * - lines (`write` / `breakLine` / `cellBreak`): text flows in and a block closes at each line
 *   break that ended non-blank text — markup whose line structure comes from elements (HTML).
 */
import type { Block, PartOrigin, PartRole, TextPart } from './types.ts';

/** What a paragraph's block carries besides its offsets and index. */
export type BlockExtra = Omit<Block, 'start' | 'end' | 'index'>;

export class PartBuilder {
  private pieces: string[] = [];
  private length = 0;
  private last = '';
  readonly blocks: Block[] = [];
  private paraStart = -1;
  /** Line mode: where the current line began, its kind, whether it holds non-blank text. */
  private lineStart = 0;
  private lineKind: Block['kind'] = 'paragraph';
  private lineInk = false;

  constructor(
    /** Unique within the document; a later copy of a duplicated entry gets a suffix. */
    public id: string,
    readonly role: PartRole,
    readonly origin: PartOrigin,
    readonly leading = false,
  ) {}

  /** Characters written so far (the offset the next character gets). */
  get offset(): number {
    return this.length;
  }

  get isEmpty(): boolean {
    return this.length === 0;
  }

  get lastChar(): string {
    return this.last;
  }

  get paragraphCount(): number {
    return this.blocks.length + (this.paraStart >= 0 ? 1 : 0);
  }

  /** A paragraph is open. */
  get open(): boolean {
    return this.paraStart >= 0;
  }

  beginParagraph(): void {
    if (this.paraStart >= 0) return;
    if (this.blocks.length > 0) this.push('\n');
    this.paraStart = this.length;
  }

  /** Appends to the open paragraph, opening one when none is. */
  append(text: string): void {
    if (!text) return;
    if (this.paraStart < 0) this.beginParagraph();
    this.push(text);
  }

  endParagraph(extra: BlockExtra): void {
    if (this.paraStart < 0) return;
    const block: Block = { start: this.paraStart, end: this.length, ...extra, index: this.blocks.length + 1 };
    this.blocks.push(block);
    this.paraStart = -1;
  }

  /**
   * Ends the open paragraph without a block of its own: its blocks were added with {@link addBlock}
   * (a table row, one line of cells, each cell a block).
   */
  closeParagraph(): void {
    this.paraStart = -1;
  }

  /**
   * Adds a block over text already written inside the open paragraph (a table cell within a row
   * that is one paragraph). Blocks must stay sorted and disjoint: the caller adds them in order.
   */
  addBlock(start: number, end: number, extra: BlockExtra): void {
    this.blocks.push({ start, end, ...extra, index: this.blocks.length + 1 });
  }

  /**
   * Line mode: writes `s`; `kind` names the block of the line when `s` starts it. Blocks of a line
   * and paragraphs of the same builder are not mixed.
   */
  write(s: string, kind: Block['kind'] = 'paragraph'): void {
    if (!s) return;
    if (this.length === this.lineStart) this.lineKind = kind;
    if (!this.lineInk && s.trim() !== '') this.lineInk = true;
    this.push(s);
  }

  /** Line mode: ends the current line (a block when it held non-blank text). */
  breakLine(): void {
    if (this.length > this.lineStart && this.lineInk) {
      this.blocks.push({ start: this.lineStart, end: this.length, kind: this.lineKind, index: this.blocks.length + 1 });
    }
    if (this.length > 0 && this.last !== '\n') this.push('\n');
    this.lineStart = this.length;
    this.lineInk = false;
    this.lineKind = 'paragraph';
  }

  /** Line mode: separates table cells on one line with a tab, which layout cues read as a cell boundary. */
  cellBreak(): void {
    if (this.length > this.lineStart && this.last !== '\t') this.push('\t');
  }

  private push(s: string): void {
    this.pieces.push(s);
    this.length += s.length;
    this.last = s[s.length - 1];
  }

  get text(): string {
    if (this.pieces.length > 1) this.pieces = [this.pieces.join('')];
    return this.pieces[0] ?? '';
  }

  /** True when nothing but whitespace was written. */
  get blank(): boolean {
    return this.text.trim() === '';
  }

  /** Paragraph mode: the part (an open paragraph is closed first). */
  toPart(): TextPart {
    if (this.paraStart >= 0) this.endParagraph({ kind: 'paragraph' });
    const part: TextPart = { id: this.id, role: this.role, text: this.text, origin: this.origin, blocks: this.blocks };
    if (this.leading) part.leading = true;
    return part;
  }

  /** Line mode: the part without its final line break, or undefined when it holds only whitespace. */
  linesPart(leading = this.leading): TextPart | undefined {
    this.breakLine();
    const text = this.text.replace(/\n$/, '');
    if (text.trim() === '') return undefined;
    return { id: this.id, role: this.role, text, origin: { ...this.origin }, blocks: this.blocks, leading };
  }
}
