/**
 * AcroForm check boxes and radio buttons in a PDF routing slip (发文稿纸): the row
 * `密级 ☐绝密 ☑机密 ☐秘密 ☐非密` is labels drawn as page text and boxes that are widget
 * annotations, whose ticked state lives in the widget (/AS, /V). The extractor writes ☑/☐ (●/○
 * for radio buttons) into the page text where each widget stands, so the detectors' ticked-level
 * form sees the row as it is printed. Before, the row read `密级 绝密 机密 秘密 非密` and passed.
 * The PDFs are written here, byte by byte.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, onePageCjk, stream, ucs2 } from '../packages/extract-pdf/test/raw-pdf.ts';

type Tick = 'on' | 'off';

interface SlipOptions {
  /** Radio buttons of one group (/Ff 49152) instead of check boxes. */
  radio?: boolean;
  /** Writes /V (the check box's own, or the radio group's); default true. */
  value?: boolean;
  /** The group's /V, overriding the ticks (radio only). */
  groupValue?: string;
  /** Boxes after their labels (绝密☐ 机密☑). */
  after?: boolean;
  /** /Rotate of the page. */
  rotate?: number;
  /** Annotation flags of the widgets (default 4, Print). */
  flags?: number;
}

const LEVELS = ['绝密', '机密', '秘密', '非密'];
const XS = [130, 200, 270, 340];

/** A 发文稿纸 page: the title, the 密级 row with one widget per level, a subject line. */
function slip(ticks: Tick[], o: SlipOptions = {}): Uint8Array {
  let content = `BT /F2 16 Tf 250 740 Td ${ucs2('发文稿纸')} Tj ET\n`;
  content += `BT /F2 12 Tf 72 700 Td ${ucs2('密级')} Tj ET\n`;
  LEVELS.forEach((l, i) => (content += `BT /F2 12 Tf ${o.after ? XS[i] : XS[i] + 16} 700 Td ${ucs2(l)} Tj ET\n`));
  content += `BT /F2 12 Tf 72 670 Td ${ucs2('份数：20　　拟稿单位：办公室　　核稿：刘明')} Tj ET\n`;
  content += `BT /F2 12 Tf 72 640 Td ${ucs2('标题：关于调整部分岗位的通知')} Tj ET\n`;
  // Objects: 1-5 and 6 (onePageCjk), widgets 7…10, on and off appearances 11 and 12, the radio group 13.
  const first = 7;
  const on = first + LEVELS.length;
  const off = on + 1;
  const group = off + 1;
  const flags = o.flags ?? 4;
  const widgets = LEVELS.map((_, i) => {
    const x = o.after ? XS[i] + 26 : XS[i];
    const rect = `/Rect [${x} 698 ${x + 12} 710]`;
    const state = ticks[i] === 'on';
    if (o.radio) {
      return `<< /Type /Annot /Subtype /Widget /Parent ${group} 0 R ${rect} /F ${flags} /P 3 0 R /AS /${state ? `L${i}` : 'Off'} /MK << /CA (l) >> /AP << /N << /L${i} ${on} 0 R /Off ${off} 0 R >> >> >>`;
    }
    const v = o.value === false ? '' : `/V /${state ? 'Yes' : 'Off'}`;
    return `<< /Type /Annot /Subtype /Widget /FT /Btn /T (level${i}) ${v} /AS /${state ? 'Yes' : 'Off'} ${rect} /F ${flags} /P 3 0 R /MK << /CA (4) >> /AP << /N << /Yes ${on} 0 R /Off ${off} 0 R >> >> >>`;
  });
  const refs = widgets.map((_, i) => `${first + i} 0 R`).join(' ');
  const more: Array<string | Uint8Array> = [
    ...widgets,
    stream('/Type /XObject /Subtype /Form /BBox [0 0 12 12] /Resources << /Font << /ZaDb << /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >> >> >>', '0 0 12 12 re S q BT /ZaDb 10 Tf 2 2 Td (4) Tj ET Q'),
    stream('/Type /XObject /Subtype /Form /BBox [0 0 12 12]', '0 0 12 12 re S'),
  ];
  let fields = refs;
  if (o.radio) {
    const k = ticks.indexOf('on');
    const v = o.groupValue ?? (k >= 0 ? `L${k}` : 'Off');
    more.push(`<< /FT /Btn /Ff 49152 /T (miji) ${o.value === false ? '' : `/V /${v}`} /Kids [${refs}] >>`);
    fields = `${group} 0 R`;
  }
  const page = `/Annots [${refs}]${o.rotate ? ` /Rotate ${o.rotate}` : ''}`;
  return buildPdf(onePageCjk(stream('', content), { page, catalog: `/AcroForm << /Fields [${fields}] >>`, more }));
}

const ticked = (level: string): Tick[] => LEVELS.map((l) => (l === level ? 'on' : 'off'));

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner.close());

const scan = (bytes: Uint8Array) => scanner.scan(bytes, { filename: '发文稿纸.pdf' });

describe('PDF form check boxes and radio buttons are read where they stand', () => {
  it('blocks a routing slip whose 机密 check box is ticked, located on the 密级 row of page 1', async () => {
    const r = await scan(slip(ticked('机密')));
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.explanation?.pattern === 'ticked-level')!;
    expect(f).toBeDefined();
    expect(f.severity).toBe('block');
    expect(f.explanation?.fields?.level).toBe('机密');
    expect(f.location.page).toBe(1);
    expect(f.location.part).toBe('page-1');
    // The row's line on the page: 792 - 710 = 82 pt from the top, from the label (x 72) on.
    expect(f.location.box).toBeDefined();
    expect(f.location.box!.x).toBeCloseTo(72, 0);
    expect(Math.abs(f.location.box!.y - 82)).toBeLessThan(3);
  });

  it('passes the blank slip and a slip ticked 非密', async () => {
    for (const bytes of [slip(['off', 'off', 'off', 'off']), slip(ticked('非密')), slip(ticked('非密'), { radio: true }), slip(['off', 'off', 'off', 'off'], { radio: true })]) {
      const r = await scan(bytes);
      expect(r.findings).toEqual([]);
      expect(r.verdict).toBe('pass');
    }
  });

  it('blocks each level ticked, by a check box or a radio button, the boxes before or after their labels', async () => {
    for (const level of ['绝密', '机密', '秘密']) {
      for (const o of [{}, { radio: true }, { after: true }, { radio: true, after: true }] as SlipOptions[]) {
        const r = await scan(slip(ticked(level), o));
        expect([level, o, r.verdict]).toEqual([level, o, 'block']);
        expect(r.findings.find((x) => x.explanation?.pattern === 'ticked-level')?.explanation?.fields?.level).toBe(level);
      }
    }
  });

  it('reads a check box ticked by its appearance state alone (no /V), and one on a rotated page', async () => {
    expect((await scan(slip(ticked('秘密'), { value: false }))).verdict).toBe('block');
    expect((await scan(slip(ticked('秘密'), { rotate: 90 }))).verdict).toBe('block');
    expect((await scan(slip(ticked('非密'), { rotate: 90 }))).verdict).toBe('pass');
  });

  it('takes a radio button as ticked when its appearance state is on though the group value is Off (viewers draw /AS)', async () => {
    // pdf.js decides a radio button by the group's /V; Acrobat and print drivers draw /AS.
    expect((await scan(slip(ticked('机密'), { radio: true, groupValue: 'Off' }))).verdict).toBe('block');
    expect((await scan(slip(ticked('机密'), { radio: true, value: false }))).verdict).toBe('block');
    // And the other way: the group's value names 机密's button while every /AS is Off.
    expect((await scan(slip(['off', 'off', 'off', 'off'], { radio: true, groupValue: 'L1' }))).verdict).toBe('block');
  });

  it('shows no box for widgets hidden on screen and on paper', async () => {
    // A hidden widget draws nothing: the row is labels only (the field value 'Yes' is read as the field's text).
    const r = await scan(slip(ticked('机密'), { flags: 2 }));
    expect(r.findings.filter((x) => x.explanation?.pattern === 'ticked-level')).toEqual([]);
  });
});
