/**
 * Marked documents the harness writes itself, in every format prepub reads, with the byte range
 * of the marking known exactly (no guessing from the outside as for the corpus samples). Content is
 * invented, like samples/. Deterministic: the same bytes on every run.
 */
import { deflateSync } from 'node:zlib';
import { concat, indexOfBytes, newEntry, writeZip, type Range } from './bytes.ts';

export interface Generated {
  name: string;
  bytes: Uint8Array;
  /** Bytes that carry the marking: a mutation that leaves them whole leaves the marking intact. */
  regions: Range[];
  /** The marking's text, for re-encoding and for reports. */
  marking: string;
}

const enc = new TextEncoder();

export const NOTICE_LINES = [
  '000123',
  '机密★5年',
  '特急',
  '',
  '江临市人民政府办公室关于做好汛期物资调度工作的通知',
  '',
  '各区人民政府，市政府各部门：',
  '为做好今年汛期物资调度工作，现将有关事项通知如下。一、各单位要按照分工落实储备。二、调度方案报市应急管理局备案。',
  '江临市人民政府办公室',
  '2024年5月6日',
];

/** The same notice in traditional characters, so Big5 can carry it without loss. */
export const NOTICE_LINES_TRAD = [
  '000123',
  '機密★5年',
  '特急',
  '',
  '江臨市人民政府辦公室關於做好汛期物資調度工作的通知',
  '',
  '各區人民政府，市政府各部門：',
  '為做好今年汛期物資調度工作，現將有關事項通知如下。',
  '江臨市人民政府辦公室',
];

/** The marking's line with the line breaks around it: a marking alone on its line is part of what it is. */
function lineAround(bytes: Uint8Array, marking: string): Range {
  const at = indexOfBytes(bytes, enc.encode(marking));
  const end = at + enc.encode(marking).length;
  return [Math.max(0, bytes.lastIndexOf(0x0a, at - 1)), Math.min(bytes.length, bytes.indexOf(0x0a, end) + 1 || bytes.length)];
}

function textSeed(name: string, lines: string[], marking: string): Generated {
  const bytes = enc.encode(lines.join('\n') + '\n');
  return { name, bytes, regions: [lineAround(bytes, marking)], marking };
}

function htmlSeed(): Generated {
  const marking = '机密★5年';
  const body = NOTICE_LINES.filter((l) => l).map((l) => `<p>${l}</p>`).join('\n');
  const html = `<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>关于做好汛期物资调度工作的通知</title>\n<style>p{margin:0}</style>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
  const bytes = enc.encode(html);
  return { name: 'gen-notice.html', bytes, regions: [lineAround(bytes, marking)], marking };
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

function docxSeed(): Generated {
  const marking = '机密★5年';
  const paras = NOTICE_LINES.map((l) => (l ? `<w:p><w:r><w:t xml:space="preserve">${l}</w:t></w:r></w:p>` : '<w:p/>')).join('');
  const entries = [
    newEntry(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>',
    ),
    newEntry(
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>',
    ),
    newEntry(
      'word/_rels/document.xml.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/></Relationships>',
    ),
    newEntry('word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${paras}<w:sectPr/></w:body></w:document>`),
    newEntry(
      'word/styles.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${W}><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>`,
    ),
    newEntry('word/settings.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings ${W}><w:defaultTabStop w:val="420"/></w:settings>`),
    newEntry(
      'docProps/core.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>汛期物资调度</dc:title><dc:creator>办公室</dc:creator></cp:coreProperties>',
    ),
    newEntry(
      'docProps/app.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>prepub fuzz</Application><Pages>1</Pages></Properties>',
    ),
  ];
  const bytes = writeZip(entries);
  // The marking lives in word/document.xml: its local header and compressed data are the region.
  let offset = 0;
  const regions: Range[] = [];
  for (const e of entries) {
    const len = 30 + Buffer.byteLength(e.name) + e.data.length;
    if (e.name === 'word/document.xml') regions.push([offset, offset + len]);
    offset += len;
  }
  return { name: 'gen-notice.docx', bytes, regions, marking };
}

/** A PDF written object by object, with a classic xref table; returns the byte range of each object. */
export function writePdf(objects: Array<string | Uint8Array>, trailerExtra: string): { bytes: Uint8Array; ranges: Range[] } {
  const chunks: Uint8Array[] = [enc.encode('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
  let offset = chunks[0].length;
  const offsets: number[] = [];
  const ranges: Range[] = [];
  objects.forEach((o, i) => {
    const head = enc.encode(`${i + 1} 0 obj\n`);
    const body = typeof o === 'string' ? enc.encode(o) : o;
    const tail = enc.encode('\nendobj\n');
    offsets.push(offset);
    ranges.push([offset, offset + head.length + body.length + tail.length]);
    chunks.push(head, body, tail);
    offset += head.length + body.length + tail.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  chunks.push(enc.encode(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${offset}\n%%EOF\n`));
  return { bytes: concat(...chunks), ranges };
}

export function stream(dict: string, data: Uint8Array): Uint8Array {
  return concat(enc.encode(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, enc.encode('\nendstream'));
}

/** UCS-2 big-endian hex of a BMP string, the codes of UniGB-UCS2-H. */
function ucs2(s: string): string {
  return [...s].map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('');
}

/** Two pages, STSong-Light (not embedded): the marking in page 1's uncompressed content stream. */
function pdfSeed(): Generated {
  const marking = '机密★5年';
  let y = 800;
  const page1 = NOTICE_LINES.filter((l) => l)
    .map((l) => `BT /F1 ${l === marking ? 16 : 12} Tf 72 ${(y -= 28)} Td <${ucs2(l)}> Tj ET`)
    .join('\n');
  const page2 = ['附件：汛期物资储备清单', '一、编织袋五万条。', '二、救生衣两千件。'].map((l, i) => `BT /F1 12 Tf 72 ${780 - i * 24} Td <${ucs2(l)}> Tj ET`).join('\n');
  const xmp = '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:format>application/pdf</dc:format></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R /Metadata 11 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> /Contents 10 0 R >>',
    stream('', enc.encode(page1)),
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H /Encoding /UniGB-UCS2-H /DescendantFonts [7 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 8 0 R /DW 1000 >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
    '<< /Title (Flood supplies) /Producer (prepub fuzz) >>',
    stream('/Filter /FlateDecode', new Uint8Array(deflateSync(enc.encode(page2)))),
    stream('/Type /Metadata /Subtype /XML', enc.encode(xmp)),
  ];
  const { bytes, ranges } = writePdf(objects, '/Info 9 0 R ');
  return { name: 'gen-notice.pdf', bytes, regions: [ranges[4]], marking };
}

/** One page in Helvetica with a US banner at top and bottom: an ASCII marking. */
function pdfBannerSeed(): Generated {
  const marking = 'TOP SECRET//NOFORN';
  const lines = [marking, '', 'MEMORANDUM FOR THE RECORD', 'SUBJECT: Logistics schedule for the river crossing exercise', 'The convoy departs at 0600 and reaches the staging area by noon.', '', marking];
  const content = lines.map((l, i) => `BT /F1 12 Tf 72 ${800 - i * 20} Td (${l}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    stream('', enc.encode(content)),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  const { bytes, ranges } = writePdf(objects, '');
  return { name: 'gen-banner.pdf', bytes, regions: [ranges[3]], marking };
}

/** Every generated seed. */
export function generatedSeeds(): Generated[] {
  return [
    textSeed('gen-notice.txt', NOTICE_LINES, '机密★5年'),
    textSeed('gen-notice-trad.txt', NOTICE_LINES_TRAD, '機密★5年'),
    htmlSeed(),
    docxSeed(),
    pdfSeed(),
    pdfBannerSeed(),
  ];
}
