/**
 * A form's options struck through but one (不适用的划去: 密级：~~绝密~~ 机密 ~~秘密~~), as a slide styles
 * them (a:rPr strike="sngStrike" / "dblStrike"), in a text box or a table of a slide. The row read
 * whole lists the three levels and passed; the paragraph (a table's row) is also read without its
 * struck text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PartBuilder } from '@prepub/core';
import { readDrawing } from '@prepub/ooxml';
import { createScanner, type Scanner } from '@prepub/scanner';
import { pptx, rewritePart } from '../../ooxml/test/ooxml-writer.ts';

const run = (t: string, strike = '') => `<a:r><a:rPr lang="zh-CN"${strike ? ` strike="${strike}"` : ''}/><a:t>${t}</a:t></a:r>`;
/** 密级：绝密 机密 秘密 with every option but `left` struck (`strike`). */
const options = (left: string, strike = 'sngStrike', label = '密级：') => (label ? run(label) : '') + ['绝密', '机密', '秘密', ...(left === '公开' ? ['公开'] : [])].map((o, i) => (i ? run(' ') : '') + run(o, o === left ? '' : strike)).join('');
const onSlide = (runs: string) =>
  rewritePart(pptx({ slides: [{ shapes: [{ text: ['2026年度工作汇报'] }, { text: ['PLACEHOLDER'] }] }] }), 'ppt/slides/slide1.xml', (x) => x.replace('<a:r><a:rPr lang="zh-CN"/><a:t>PLACEHOLDER</a:t></a:r>', runs));
const inTable = (label: string, runs: string) =>
  rewritePart(pptx({ slides: [{ shapes: [{ text: ['2026年度工作汇报'] }, { table: [[label, 'PLACEHOLDER'], ['编号', '001']] }] }] }), 'ppt/slides/slide1.xml', (x) => x.replace('<a:r><a:t>PLACEHOLDER</a:t></a:r>', runs));

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
});
afterAll(() => scanner?.close());

describe('PPTX: options struck through', () => {
  it.each(['sngStrike', 'dblStrike'])('strike="%s" on 绝密 and 秘密 in a text box: the one left blocks', async (strike) => {
    const r = await scanner.scan(onSlide(options('机密', strike)), { filename: 'deck.pptx' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.severity === 'block' && f.location.part === 'ppt/slides/slide1.xml#unstruck')).toBe(true);
  });

  it('in a table: the options in one cell, the label 密级 in the cell before it, blocks', async () => {
    const r = await scanner.scan(inTable('密级', options('秘密', 'sngStrike', '')), { filename: 'deck.pptx' });
    expect(r.verdict).toBe('block');
    const whole = await scanner.scan(inTable('密级：', options('机密', 'dblStrike', '')), { filename: 'deck.pptx' });
    expect(whole.verdict).toBe('block');
  });

  it('no strike (noStrike), nothing struck, every level struck, or 公开 left: pass', async () => {
    for (const [name, runs] of [
      ['noStrike', options('机密', 'noStrike')],
      ['nothing struck', run('密级：绝密 机密 秘密')],
      ['every level struck', options('none')],
      ['公开 left', options('公开')],
    ]) {
      expect((await scanner.scan(onSlide(runs), { filename: 'deck.pptx' })).verdict, name).toBe('pass');
      expect((await scanner.scan(inTable('密级', runs.replace(run('密级：'), '')), { filename: 'deck.pptx' })).verdict, `${name} (table)`).toBe('pass');
    }
  });

  it('a hidden shape\'s row without its struck text goes to the hidden part; a bullet is kept, a line break ends a line', () => {
    const to = { text: new PartBuilder('s', 'body', {}), hidden: new PartBuilder('s#h', 'hidden', {}), alt: new PartBuilder('s#a', 'alt-text', {}), unstruck: new PartBuilder('s#u', 'body', {}) };
    const sp = (hidden: boolean, paras: string) => `<p:sp><p:nvSpPr><p:cNvPr id="2" name="A"${hidden ? ' hidden="1"' : ''}/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/>${paras}</p:txBody></p:sp>`;
    readDrawing(`<p:spTree>${sp(true, `<a:p>${options('绝密')}</a:p>`)}${sp(false, `<a:p><a:pPr><a:buChar char="密"/></a:pPr>${run('级：')}${run('秘密', 'sngStrike')}${run('机密')}<a:br/>${run('第二行')}${run('删', 'sngStrike')}</a:p>`)}</p:spTree>`, to);
    expect(to.hidden.toPart().text.split('\n')).toContain('密级：绝密  ');
    expect(to.unstruck.toPart().text.split('\n')).toEqual(['密级：机密', '第二行']);
  });
});
