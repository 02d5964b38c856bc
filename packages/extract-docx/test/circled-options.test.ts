/**
 * A form's option circled (密级：绝密 机密 秘密 with the chosen level in a circle or a box): Word
 * draws it with a run border (w:bdr), as an enclosed character (带圈字符: EQ \o\ac(○,机), with or
 * without its stored result), or with an ellipse drawn over the row. The row read whole lists the
 * three levels — a blank form — and passed. A paragraph with one circled stretch is now also read
 * with the options before it left out (密级：机密); a row with an ellipse over it is unread (which
 * option it covers is not worked out).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { choiceReading } from '../src/story.ts';
import { docx, para } from './helpers.ts';

const run = (t: string, rpr = '') => `<w:r>${rpr ? `<w:rPr>${rpr}</w:rPr>` : ''}<w:t xml:space="preserve">${t}</w:t></w:r>`;
const slip = (row: string) => docx(para('文件处理单') + para('来文单位：江临市发展和改革委员会') + `<w:p>${row}</w:p>` + para('事由：关于下达2027年度重点项目投资计划的函') + para('拟办意见：请分管领导阅示。'));
const BORDER = '<w:bdr w:val="single" w:sz="4" w:space="0" w:color="auto"/>';
/** Word's enclosed character: an EQ field drawing `ch` in a circle, stored without or with its result. */
const enclosed = (ch: string, result: boolean) =>
  `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> eq \\o\\ac(○,${ch})</w:instrText></w:r>` +
  (result ? `<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>${ch}</w:t></w:r>` : '') +
  '<w:r><w:fldChar w:fldCharType="end"/></w:r>';
const ELLIPSE =
  '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>900000</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>-20000</wp:posOffset></wp:positionV><wp:extent cx="500000" cy="250000"/><wp:wrapNone/><wp:docPr id="5" name="椭圆 5"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="500000" cy="250000"/></a:xfrm><a:prstGeom prst="ellipse"><a:avLst/></a:prstGeom><a:noFill/><a:ln w="12700"><a:solidFill><a:srgbClr val="FF0000"/></a:solidFill></a:ln></wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

describe('DOCX: an option circled', () => {
  it('reads the circled stretch after the label, with the rest of the word an enclosed character begins', () => {
    expect(choiceReading('密级：绝密 ', '机密', ' 秘密')).toBe('密级：机密');
    expect(choiceReading('密级：绝密 ', '机', '密 秘密')).toBe('密级：机密');
    expect(choiceReading('密级\t', '绝密', ' 机密 秘密')).toBe('密级\t绝密');
    expect(choiceReading('密级 绝密 机密 ', '秘密', '')).toBe('密级 秘密');
  });

  it.each([
    ['a run border around 机密', run('密级：绝密 ') + run('机密', BORDER) + run(' 秘密')],
    ['an enclosed 机 (EQ \\o\\ac, no stored result)', run('密级：绝密 ') + enclosed('机', false) + run('密 秘密')],
    ['an enclosed 机 with its stored result', run('密级：绝密 ') + enclosed('机', true) + run('密 秘密')],
    ['机密 highlighted (w:highlight)', run('密级：绝密 ') + run('机密', '<w:highlight w:val="yellow"/>') + run(' 秘密')],
    ['机密 shaded (w:shd)', run('密级：绝密 ') + run('机密', '<w:shd w:val="clear" w:color="auto" w:fill="BFBFBF"/>') + run(' 秘密')],
  ])('%s blocks, located in the reading of the choice', async (_, row) => {
    const r = await scanner.scan(slip(row), { filename: 'slip.docx' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.severity === 'block' && f.location.part === 'word/document.xml#circled-choice')).toBe(true);
  });

  it('公开 circled, nothing circled, every option boxed, the border off, or a bordered word in prose: pass', async () => {
    for (const row of [
      run('密级：绝密 机密 秘密 ') + run('公开', BORDER),
      run('密级：绝密 机密 秘密'),
      run('密级：') + run('绝密', BORDER) + run(' ') + run('机密', BORDER) + run(' ') + run('秘密', BORDER),
      run('密级：绝密 ') + run('机密', '<w:bdr w:val="none" w:sz="0" w:space="0" w:color="auto"/>') + run(' 秘密'),
      run('各单位：凡标注为') + run('机密', BORDER) + run('的文件，一律按规定办理。'),
      run('密级：绝密 机密 秘密 ') + enclosed('公', false) + run('开'),
      // Highlighted: 公开, a level in a rule's sentence, the white highlight, the whole row.
      run('密级：绝密 机密 秘密 ') + run('公开', '<w:highlight w:val="yellow"/>'),
      run('第二条 国家秘密的密级分为绝密、') + run('机密', '<w:highlight w:val="yellow"/>') + run('、秘密三级。'),
      run('密级：绝密 ') + run('机密', '<w:highlight w:val="white"/>') + run(' 秘密'),
      run('密级：绝密 机密 秘密', '<w:highlight w:val="yellow"/>'),
      // A boxed word in a sentence with no label: emphasis (it read 绝密 alone: review).
      run('各单位要严格执行') + run('绝密', BORDER) + run('、机密、秘密文件的登记制度。'),
    ]) {
      expect((await scanner.scan(slip(row), { filename: 'slip.docx' })).verdict, row).toBe('pass');
    }
  });

  it('an ellipse drawn over a 密级 row is unread (review); over other text it is a drawing like any', async () => {
    const r = await scanner.scan(slip(run('密级：绝密 机密 秘密') + ELLIPSE), { filename: 'slip.docx' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => u.where === 'word/document.xml' && /ellipse/.test(u.detail))).toBe(true);
    expect((await scanner.scan(slip(run('密级：公开') + ELLIPSE), { filename: 'slip.docx' })).verdict).toBe('pass');
  });

  // A box, a free-form ring or a line over the option (DrawingML or its VML fallback) passed as a blank form.
  it.each([
    ['a box (prstGeom rect)', ELLIPSE.replace('prst="ellipse"', 'prst="rect"')],
    ['a free-form ring (custGeom)', ELLIPSE.replace('<a:prstGeom prst="ellipse"><a:avLst/></a:prstGeom>', '<a:custGeom><a:avLst/><a:gdLst/><a:ahLst/><a:cxnLst/><a:rect l="0" t="0" r="r" b="b"/><a:pathLst><a:path w="100" h="100"><a:moveTo><a:pt x="0" y="50"/></a:moveTo><a:cubicBezTo><a:pt x="0" y="0"/><a:pt x="100" y="0"/><a:pt x="100" y="50"/></a:cubicBezTo><a:close/></a:path></a:pathLst></a:custGeom>')],
    ['a line (prstGeom line)', ELLIPSE.replace('prst="ellipse"', 'prst="line"')],
    ['a VML box', '<w:r><w:pict><v:rect style="position:absolute;margin-left:70pt;margin-top:-2pt;width:40pt;height:20pt" filled="f" strokecolor="red"/></w:pict></w:r>'],
    ['a VML line', '<w:r><w:pict><v:line from="70pt,8pt" to="110pt,8pt" strokecolor="red"/></w:pict></w:r>'],
  ])('%s drawn over a 密级 row is unread (review); over 密级：公开 it passes', async (_, shape) => {
    const r = await scanner.scan(slip(run('密级：绝密 机密 秘密') + shape), { filename: 'slip.docx' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => u.where === 'word/document.xml' && /a box, a line/.test(u.detail))).toBe(true);
    expect((await scanner.scan(slip(run('密级：公开') + shape), { filename: 'slip.docx' })).verdict).toBe('pass');
  });

  it('a VML picture or text box in a 密级 row is no mark on an option: pass', async () => {
    for (const shape of ['<w:r><w:pict><v:shape type="#_x0000_t75" style="width:40pt;height:20pt"/></w:pict></w:r>', '<w:r><w:pict><v:shape type="#_x0000_t202" style="position:absolute;width:40pt;height:20pt"/></w:pict></w:r>']) {
      expect((await scanner.scan(slip(run('密级：绝密 机密 秘密') + shape), { filename: 'slip.docx' })).verdict, shape).toBe('pass');
    }
  });
});
