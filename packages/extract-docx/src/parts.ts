/** Builders that accumulate located text: one {@link Block} per paragraph, paragraphs joined by '\n'. */
import { PartBuilder, type PartOrigin, type PartRole } from '@prepub/core';

export { PartBuilder, type BlockExtra } from '@prepub/core';

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
