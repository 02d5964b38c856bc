/** Builders that accumulate located text: one {@link Block} per paragraph, paragraphs joined by '\n'. */
import type { Block, PartOrigin, PartRole, TextPart } from '@prepub/core';

export type BlockExtra = Omit<Block, 'start' | 'end' | 'index'>;

/** A part whose text is written paragraph by paragraph. */
export class PartBuilder {
  private pieces: string[] = [];
  private length = 0;
  readonly blocks: Block[] = [];
  private paraStart = -1;

  constructor(
    /** Unique within the document; a later copy of a duplicated entry gets a suffix. */
    public id: string,
    readonly role: PartRole,
    readonly origin: PartOrigin,
    readonly leading = false,
  ) {}

  get paragraphCount(): number {
    return this.blocks.length + (this.paraStart >= 0 ? 1 : 0);
  }

  get open(): boolean {
    return this.paraStart >= 0;
  }

  beginParagraph(): void {
    if (this.paraStart >= 0) return;
    if (this.blocks.length > 0) this.write('\n');
    this.paraStart = this.length;
  }

  append(text: string): void {
    if (!text) return;
    if (this.paraStart < 0) this.beginParagraph();
    this.write(text);
  }

  endParagraph(extra: BlockExtra): void {
    if (this.paraStart < 0) return;
    const block: Block = { start: this.paraStart, end: this.length, ...extra, index: this.blocks.length + 1 };
    this.blocks.push(block);
    this.paraStart = -1;
  }

  private write(s: string): void {
    this.pieces.push(s);
    this.length += s.length;
  }

  get text(): string {
    if (this.pieces.length > 1) this.pieces = [this.pieces.join('')];
    return this.pieces[0] ?? '';
  }

  /** True when nothing but whitespace was written. */
  get blank(): boolean {
    return this.text.trim() === '';
  }

  toPart(): TextPart {
    if (this.paraStart >= 0) this.endParagraph({ kind: 'paragraph' });
    const part: TextPart = { id: this.id, role: this.role, text: this.text, origin: this.origin, blocks: this.blocks };
    if (this.leading) part.leading = true;
    return part;
  }
}

/**
 * A side channel (deleted, hidden, field codes, picture descriptions): text from one source
 * paragraph is one line, so a hidden marking split over runs still reads as one line.
 */
export class LineBuilder {
  private lastKey: number | undefined;
  readonly part: PartBuilder;

  constructor(id: string, role: PartRole, origin: PartOrigin) {
    this.part = new PartBuilder(id, role, origin);
  }

  add(text: string, key: number): void {
    if (!text) return;
    if (key !== this.lastKey) {
      this.part.endParagraph({ kind: 'paragraph' });
      this.part.beginParagraph();
      this.lastKey = key;
    }
    this.part.append(text);
  }
}
