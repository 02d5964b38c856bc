/**
 * A small element tree over htmlparser2 (XML mode). OFD parts are small XML files whose meaning is in
 * their nesting (a TextCode belongs to its TextObject, a CompositeGraphicUnit's content is drawn
 * where it is used), so a tree is simpler to read than events. Element names lose their prefix
 * (`ofd:` or none, whatever namespace the producer bound). Damage is not repaired silently: an
 * element closed by the parser rather than by the markup (a part cut short, tags out of order) is
 * counted, and the caller reports the part as damaged.
 */
import { Parser } from 'htmlparser2';
import { assertShallow, localName, xmlDamage } from '@prepub/extract-docx/xml';

export interface El {
  name: string;
  attrs: Record<string, string>;
  children: El[];
  /** Text directly inside this element, in order (entities decoded). Reading it marks it consumed. */
  readonly text: string;
  /** The same text, not marked consumed: for values the reader uses as structure (a location, numbers), counted as read only when they are plainly that ({@link locText}). */
  peek(): string;
  /** Marks the text consumed. */
  consume(): void;
}

/**
 * An element whose text remembers being read: after a reader is done with a part, text no reader
 * looked at (an element it does not know, such as a renamed `TextCode`) is found and read apart,
 * never passed over.
 */
class Node implements El {
  children: El[] = [];
  raw = '';
  consumed = false;
  /** Read as a location: what it holds besides is reported a path segment a line. */
  location = false;
  constructor(
    readonly name: string,
    readonly attrs: Record<string, string>,
  ) {}
  get text(): string {
    this.consumed = true;
    return this.raw;
  }
  peek(): string {
    return this.raw;
  }
  consume(): void {
    this.consumed = true;
  }
}

export interface ParsedXml {
  root: El | undefined;
  /** Why the markup is not well-formed, when it is not. */
  damage?: string;
}

/** Parses `xml` into a tree. Never throws for bad markup (it is reported in `damage`); throws on crafted nesting. */
export function parseTree(xml: string, what: string): ParsedXml {
  assertShallow(xml, what);
  const top = new Node('#document', {});
  const stack: Node[] = [top];
  let implied = 0;
  let roots = 0;
  // htmlparser2 reports a self-closing tag's close as implied too: it comes right after its open.
  let justOpened = false;
  let ending = false;
  let strayText = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const attrsLocal: Record<string, string> = {};
        for (const k in attrs) attrsLocal[k.startsWith('xmlns') ? k : localName(k)] = attrs[k];
        const el = new Node(localName(name), attrsLocal);
        const parent = stack[stack.length - 1];
        parent.children.push(el);
        if (parent === top) roots++;
        stack.push(el);
        justOpened = true;
      },
      onclosetag(_name, isImplied) {
        if (ending || (isImplied && !justOpened)) implied++;
        justOpened = false;
        if (stack.length > 1) stack.pop();
      },
      ontext(t) {
        justOpened = false;
        const cur = stack[stack.length - 1];
        if (cur === top) {
          if (t.trim()) strayText = true;
          return;
        }
        cur.raw += t;
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  // Elements still open when the markup ends were never closed: the part is cut short.
  ending = true;
  parser.end();
  const root = top.children[0];
  let damage: string | undefined;
  if (!root) damage = 'it holds no XML element';
  else if (implied > 0) damage = `${implied} element${implied > 1 ? 's are' : ' is'} not closed (the part is cut short or its tags are out of order)`;
  else if (roots > 1) damage = 'it has more than one root element';
  else if (strayText) damage = 'it has text outside its root element';
  // htmlparser2 turns a damaged tag (`< fd:TextCode …>`) into text and skips a closing tag that
  // closes nothing: the tree looks whole while an element is gone. The tag-level check sees it.
  else damage = xmlDamage(xml);
  return { root, ...(damage ? { damage } : {}) };
}

/** Children of `el` named `name` (local name). */
export function kids(el: El | undefined, name: string): El[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** First child of `el` named `name`. */
export function kid(el: El | undefined, name: string): El | undefined {
  return el?.children.find((c) => c.name === name);
}

/** Text of the first child named `name`, trimmed; undefined when absent or blank. */
export function kidText(el: El | undefined, name: string): string | undefined {
  const t = kid(el, name)?.text.trim();
  return t ? t : undefined;
}

/**
 * Whether `loc` is a plain location (`Doc_0/Pages/Page_0/Content.xml`, `../Res/font.ttf`): ASCII
 * without spaces, no empty segment, and no `..` undoing a segment written before it. A location
 * that says more than where a file is (`Doc_0/机密★5年/../Document.xml` finds Document.xml) holds
 * text the reader does not show.
 */
function plainLocation(loc: string): boolean {
  if (!/^[\x21-\x7e]+$/.test(loc)) return false;
  let own = 0;
  const segs = loc.replace(/\\/g, '/').split('/');
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    if (s === '') {
      if (i === 0) continue;
      return false;
    }
    if (s === '.') continue;
    if (s === '..') {
      if (own > 0) return false;
      continue;
    }
    own++;
  }
  return true;
}

/**
 * The text of a location element (`DocRoot`, `PageRes`, `FileLoc`, `MediaFile` …), trimmed; it
 * counts as read only when it is a plain location: anything else it holds is reported with the
 * text no reader consumed, while the reader still follows it.
 */
export function locText(el: El | undefined): string | undefined {
  if (!el) return undefined;
  const t = el.peek().trim();
  if (plainLocation(t)) el.consume();
  else (el as Node).location = true;
  return t || undefined;
}

/** {@link locText} of the first child of `el` named `name`. */
export function kidLoc(el: El | undefined, name: string): string | undefined {
  return locText(kid(el, name));
}

/** Text of an element that holds numbers (a box, glyph ids); counts as read only when it holds nothing else. */
export function numberText(el: El | undefined): string | undefined {
  if (!el) return undefined;
  const t = el.peek();
  if (/^[\d\s.,eE+-]*$/.test(t)) el.consume();
  return t;
}

/** Every descendant of `el` (depth first, document order) named `name`. */
export function descendants(el: El | undefined, name: string, out: El[] = []): El[] {
  if (!el) return out;
  for (const c of el.children) {
    if (c.name === name) out.push(c);
    descendants(c, name, out);
  }
  return out;
}

/** All text inside `el`, descendants included, in document order. */
export function deepText(el: El): string {
  let s = el.text;
  for (const c of el.children) s += deepText(c);
  return s;
}

/**
 * Elements of GB/T 33190 the reader knows: their attributes are read where they mean text (a
 * bookmark's name, an outline's title) and are layout elsewhere. An element outside this list (a
 * producer's extension, or a damaged name) is unknown: its attribute values are read apart.
 */
const KNOWN = new Set(
  `OFD DocBody DocInfo DocID Title Author Subject Abstract CreationDate ModDate DocUsage Cover Keywords Keyword Creator CreatorVersion CustomDatas CustomData
  DocRoot Versions Version Signatures Document CommonData MaxUnitID PageArea PhysicalBox ApplicationBox ContentBox BleedBox PublicRes DocumentRes TemplatePage
  DefaultCS Pages Page Outlines OutlineElem Actions Action Goto Dest Bookmark URI GotoA Sound Movie Region Area Permissions Edit Annot Export Signature
  Watermark PrintScreen Print ValidPeriod VPreferences PageMode PageLayout TabDisplay HideToolbar HideMenubar HideWindowUI ZoomMode Zoom Bookmarks Annotations
  Attachments CustomTags Extensions Res ColorSpaces ColorSpace Palette CV DrawParams DrawParam Fonts Font FontFile MultiMedias MultiMedia MediaFile
  CompositeGraphicUnits CompositeGraphicUnit Thumbnail Substitution Template PageRes Content Layer PageBlock TextObject TextCode CGTransform Glyphs PathObject
  AbbreviatedData ImageObject Border BorderColor CompositeObject Clips Clip FillColor StrokeColor AxialShd RadialShd GouraudShd LaGouraudShd Pattern CellContent
  Segment Color Point ShdSegment Extension Property Data ExtendData PageAnnot Appearance Parameters Parameter Remark FileLoc Attachment CustomTag SchemaLoc
  SignedInfo Provider SignatureMethod SignatureDateTime References Reference CheckValue StampAnnot Seal BaseLoc SignedValue OFDEntries SignedValueLoc
  EntriesMapLoc Encryptions Encryption EncryptInfo File Files DocVersion FileList Area`.split(/\s+/),
);

/**
 * Attributes of known elements that are names people write (a template called 机密★5年, an
 * annotation's subtype 密级标志, a version's name) and that no reader of the package shows as text.
 */
// An action's address (URI, including a javascript: one a reader runs on opening) is read as written.
const NAME_ATTRS: Record<string, string[]> = { TemplatePage: ['Name'], Annot: ['Subtype'], DocVersion: ['Name'], URI: ['URI', 'Base'] };

/** Known elements whose text is structure (identifiers, dates, numbers, version strings): not document text. */
const STRUCTURE_TEXT = new Set(['DocID', 'EntriesMapLoc', 'SchemaLoc', 'SignedValueLoc', 'CreationDate', 'ModDate', 'CreatorVersion', 'MaxUnitID', 'ApplicationBox', 'ContentBox', 'BleedBox', 'DefaultCS', 'Glyphs', 'AbbreviatedData', 'SignatureDateTime', 'CheckValue', 'SignatureMethod', 'ValidPeriod', 'PageMode', 'PageLayout', 'TabDisplay', 'HideToolbar', 'HideMenubar', 'HideWindowUI', 'ZoomMode', 'Zoom', 'Edit', 'Annot', 'Export', 'Signature', 'Watermark', 'PrintScreen', 'Print', 'Font', 'Area']);

/**
 * What a reader left of a parsed part: text no reader consumed (outside the elements whose text is
 * structure) and the attribute values of elements the reader does not know, in document order.
 * An element renamed (`TextCode` → `TextCodx`) is skipped by every reader that looks for it by
 * name; its text and attributes are still in the file, and here.
 */
export function unconsumed(root: El | undefined): string[] {
  const out: string[] = [];
  const walk = (el: El, unknownAbove: boolean) => {
    const n = el as Node;
    const unknown = unknownAbove || !KNOWN.has(el.name);
    if (!unknown) for (const k of NAME_ATTRS[el.name] ?? []) if (el.attrs[k]?.trim() && /\p{L}/u.test(el.attrs[k])) out.push(el.attrs[k].trim());
    if (unknown) {
      for (const k in el.attrs) {
        const v = el.attrs[k].trim();
        if (v && !k.startsWith('xmlns') && /\p{L}/u.test(v)) out.push(v);
      }
    }
    const t = n.raw.trim();
    // Structure (dates, identifiers, numbers) is written in ASCII: anything else in such an element is text.
    if (t && !n.consumed && (unknown || !STRUCTURE_TEXT.has(el.name) || !/^[\x00-\x7f]*$/.test(t))) {
      // A folder name of a location is a line of its own, as it would be shown in a file list.
      if (n.location) out.push(...t.split(/[\\/]+/).filter((seg) => seg.trim() && seg !== '.' && seg !== '..'));
      else out.push(t);
    }
    for (const c of el.children) walk(c, unknown);
  };
  if (root) walk(root, false);
  return out;
}
