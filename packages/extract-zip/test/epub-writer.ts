/**
 * Writes EPUB 3 books for the tests and the samples (samples/scripts/make-epub-samples.ts): a
 * two-chapter handbook of a city's flood-supply stores, with every piece replaceable.
 */
import { zipSync, strToU8 } from 'fflate';

const MTIME = new Date('2024-05-08T00:00:00Z');
export const UID = 'urn:uuid:5f2b7c1e-8d3a-4e6b-9c0d-1a2b3c4d5e6f';

export const CONTAINER = `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`;

export function opf(title = '防汛物资储备工作手册', extraManifest = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="bookid"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="bookid">${UID}</dc:identifier><dc:title>${title}</dc:title><dc:language>zh-CN</dc:language><dc:creator>江临市应急管理局</dc:creator></metadata><manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/><item id="css" href="book.css" media-type="text/css"/><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/><item id="c2" href="c2.xhtml" media-type="application/xhtml+xml"/>${extraManifest}</manifest><spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>`;
}

const NAV = `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>目录</title></head><body><nav epub:type="toc"><ol><li><a href="c1.xhtml">第一章　储备点管理</a></li><li><a href="c2.xhtml">第二章　值班制度</a></li></ol></nav></body></html>`;

export function chapter(title: string, paragraphs: string[], lead = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>${title}</title><link rel="stylesheet" href="book.css" type="text/css"/></head><body>${lead}<h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</body></html>`;
}

export const C1 = ['各区县要于6月10日前完成编织袋、救生衣、抽水泵等物资的清点和补充。', '储备点应当建立物资台账，做到账物相符。'];
export const C2 = ['市级储备库实行二十四小时值班制度。', '值班人员发现险情应当立即报告。'];
export const CSS = 'body { font-family: serif; } h1 { font-size: 1.4em; }';

export interface Book {
  mimetype?: string;
  container?: string | null;
  opf?: string;
  c1?: string;
  c2?: string;
  css?: string;
  extra?: Record<string, Uint8Array | string>;
}

export function epub(b: Book = {}): Uint8Array {
  const files: Record<string, [Uint8Array, { mtime: Date; level: 0 | 6 }]> = {};
  const put = (n: string, d: Uint8Array | string, level: 0 | 6 = 6) => (files[n] = [typeof d === 'string' ? strToU8(d) : d, { mtime: MTIME, level }]);
  put('mimetype', b.mimetype ?? 'application/epub+zip', 0);
  if (b.container !== null) put('META-INF/container.xml', b.container ?? CONTAINER);
  put('OEBPS/content.opf', b.opf ?? opf());
  put('OEBPS/nav.xhtml', NAV);
  put('OEBPS/book.css', b.css ?? CSS);
  put('OEBPS/c1.xhtml', b.c1 ?? chapter('第一章　储备点管理', C1));
  put('OEBPS/c2.xhtml', b.c2 ?? chapter('第二章　值班制度', C2));
  for (const [n, d] of Object.entries(b.extra ?? {})) put(n, d);
  return zipSync(files as never);
}

