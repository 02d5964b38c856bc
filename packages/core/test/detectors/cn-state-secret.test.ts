import { describe, expect, it } from 'vitest';
import { findingsOf, tablePart, worst } from './helpers.ts';

const RULE = 'marking.cn-state-secret';

// Fixtures: [label, text, expected worst severity]
const FIXTURES: Array<[string, string, 'block' | 'review' | 'none']> = [
  ['GB/T 9704 top-left block', '000012\n机密★5年\n特急\n\nXX市保密局文件\n', 'block'],
  ['bare level★', '秘密★\n关于召开座谈会的通知\n', 'block'],
  ['long-term', '绝密★长期\n', 'block'],
  ['months', '秘密★6个月\n', 'block'],
  ['declassification date', '机密★2027年12月31日\n', 'block'],
  ['declassification condition', '机密★会议开始前\n会议议程\n', 'block'],
  ['letter-spaced', '机 密 ★ 3 年\n', 'block'],
  ['full-width star and digits', '机密＊１０年\n', 'block'],
  ['hollow star', '机密☆5年\n', 'block'],
  ['Chinese numerals', '机密★十年\n', 'block'],
  ['traditional', '機密★5年\n', 'block'],
  ['traditional 祕', '祕密★\n', 'block'],
  ['zero-width inside', '机\u200b密★5年\n', 'block'],
  ['separators', '机-密★5年\n', 'block'],
  // Other characters that draw as a dash, dot, tilde or blank between the two characters.
  ['minus sign between', '机\u2212密★5年\n', 'block'],
  ['dot operator between', '机\u22c5密★5年\n', 'block'],
  ['Braille blank between', '机\u2800密★5年\n', 'block'],
  ['wave dash between', '机\u301c密★5年\n', 'block'],
  // Blanks NFKC leaves alone read as blanks where the normalizer keeps them (before a bracket, between digits).
  ['Ogham space marks around a bracketed period', '秘\u1680密\u1680(\u16801\u1680年\u1680)\n关于召开全市重点项目推进会的通知\n', 'block'],
  ['Braille blanks between the digits of a period', '机\u2800密\u2800★\u28001\u28000\u2800年\n关于召开全市重点项目推进会的通知\n', 'block'],
  // A line spaced with tabs or two blanks: the digits of the period keep them.
  ['tab-spaced level and period without a star', '机\t密\t5\t年\n关于召开全市重点项目推进会的通知\n', 'block'],
  ['tab-spaced, a middle dot for the star', '机\t密\t·\t5\t年\n关于召开全市重点项目推进会的通知\n', 'block'],
  ['a date in the next cell of a register row is not the period', '文件名称\t密级\t日期\n防汛物资储备方案\t秘密\t2026年5月6日\n', 'block'],
  ['a separator after the star, a copy number after the date', '机密★、2025年12月31日\u3000000123\n关于召开全市重点项目推进会的通知\n', 'block'],
  ['a symbol for the star, a separator, a copy number after the date', '机密※、2025年12月31日\u3000000123\n关于召开全市重点项目推进会的通知\n', 'block'],
  ['a period after a slash, a copy number after a blank', '秘密/1年\u3000000123\n关于召开全市重点项目推进会的通知\n', 'block'],
  ['a dropped symbol for the star, a copy number after the condition', '秘密～会议结束后\u3000No.000123\n关于召开全市重点项目推进会的通知\n', 'review'],
  ['pinyin, an enclosing circle on the last letter', 'MIMI\u20dd★1年\n关于召开全市重点项目推进会的通知\n', 'review'],
  ['tab-spaced period', '机\t密\t★\t2\t0\t2\t5\t年\t1\t2\t月\t3\t1\t日\n关于召开全市重点项目推进会的通知\n', 'block'],
  ['look-alike level, tab-spaced period', '木\t几\t密\t★\t2\t0\t2\t5\t年\t1\t2\t月\t3\t1\t日\n江临市应急管理局文件\n', 'review'],
  // A level that lost a character (a cropped scan, a broken text layer) or had one replaced by any other: review.
  ['level without its first character', '密★5年\n江临市应急管理局\n关于开展汛期安全检查的通知\n', 'review'],
  ['level without its second character', '机★5年\n关于开展汛期安全检查的通知\n', 'review'],
  ['first character replaced', '朾密★5年\n关于开展汛期安全检查的通知\n', 'review'],
  ['second character replaced', '机谧★5年\n关于开展汛期安全检查的通知\n', 'review'],
  ['a letter of another script in the star\'s place', '机密ア5年\n关于开展汛期安全检查的通知\n', 'review'],
  ['the same quoted in a sentence', '有人把“机密ア5年”当作标志，这种写法不规范。\n', 'none'],
  ['机密件 alone over a notice (a stamp)', '机密件\n江临市应急管理局\n关于开展汛期安全检查的通知\n', 'block'],
  ['机密件 in a sentence', '收到的机密件要登记后交办公室保管。\n', 'none'],
  // The document (or a part of it) stating its level in words a notice uses.
  ['本文档 stated as classified', '本文档已定为机密级，仅限内部传阅。\n各区应急管理局：\n', 'block'],
  ['本页以下内容 stated as classified', '注意：本页以下内容属机密。\n一、防汛物资储备点\n', 'block'],
  ['该文档密级为 said of itself', '提示：该文档密级为机密，请按规定使用。\n关于开展汛期安全检查的通知\n', 'review'],
  ['内容涉及国家秘密 said of itself', '本材料内容涉及国家秘密（机密级），阅后收回。\n关于开展汛期安全检查的通知\n', 'review'],
  // A tab stop typed with blanks (ideographic or ASCII) between an issuer's name and the level: cells, as tabs make.
  ['a level after ideographic spaces on the issuer line', '江临市应急管理局\u3000\u3000\u3000\u3000\u3000\u3000秘密\n关于开展汛期安全检查的通知\n各区应急管理局：\n', 'block'],
  ['a level after spaces on the issuer line', '江临市应急管理局      秘密\n关于开展汛期安全检查的通知\n各区应急管理局：\n', 'block'],
  ['a whole mark after ideographic spaces', '江临市应急管理局\u3000\u3000\u3000\u3000机密★5年\n关于开展汛期安全检查的通知\n', 'block'],
  ['one ideographic space in prose is no gap', '第十三条\u3000国家秘密的密级分为绝密、机密、秘密三级。\n', 'none'],
  ['two ideographic spaces after an article number are no cell for the level in prose', '第十三条\u3000\u3000绝密级国家秘密是最重要的国家秘密。\n', 'none'],
  ['a quoted 密★ in a sentence', '标志写成“机密★5年”，其中“密★”两字不可分开排版。\n', 'none'],
  ['look-alike level, period spaced with two blanks', '杌  密  ★  2  0  2  5  年  1  2  月  3  1  日\n关于召开全市重点项目推进会的通知\n', 'review'],
  ['the three levels and their periods in a regulation stay prose', '绝密级不超过30年，机密级不超过20年，秘密级不超过10年。\n', 'none'],
  // A symbol in the star's place keeps its blanks in a letter-spaced line (it is no ideograph).
  ['letter-spaced, x for the star', '秘 密 X 6 个 月\n市财政局关于2024年一季度预算执行情况的报告\n', 'block'],
  ['letter-spaced, # for the star', '秘 密 # 6 个 月\n关于召开全市重点项目推进会的通知\n', 'block'],
  ['a word between level and period is no star', '严守秘密 的 5 年里，他从未泄露。\n', 'none'],
  ['letter-spaced, x for the star before a condition', '绝 密 x 启 用 前\n关于召开全市重点项目推进会的通知\n', 'review'],
  ['two blanks around a separator before the star', '绝  密  :  ★  启  用  前\n关于召开全市重点项目推进会的通知\n', 'block'],
  ['letter-spaced, a separator after the star', '机 密 ★ 、 2 0 2 5 年 1 2 月 3 1 日\n关于召开全市重点项目推进会的通知\n', 'block'],
  // A combining mark typed as a letter of its own, spaced like one: the blank under it and its spacing are its cell, not a gap.
  ['a mark spaced like a letter between the digits of a date', '机  密  ★  2  0  2  \u0300  5  年  1  2  月  3  1  日\n关于召开全市重点项目推进会的通知\n', 'block'],
  ['a mark spaced like a letter between the digits of a period', '机  密  ★  1  \u0300  0  年\n关于召开全市重点项目推进会的通知\n', 'block'],
  ['a mark spaced like a letter inside a pinyin level', 'M  I  M  \u0300  I  ★  5  年\n关于召开全市重点项目推进会的通知\n', 'review'],
  // A dropped symbol for the star, and the condition's opening word broken over two lines (CRLF or LF).
  ['a dropped star, the opening word of the condition broken over a CRLF', '绝密·启\r\n用前\n关于召开全市重点项目推进会的通知\n', 'review'],
  ['a dropped star, the opening word of the condition broken over a line', '秘密·会\n议结束后\n关于召开全市重点项目推进会的通知\n', 'review'],
  ['a level in prose before a broken line stays prose', '他说这是绝密启\n用前的安排。\n', 'none'],
  // The star's place closing the level's line, the period alone on the next.
  ['a letter for the star, the period on the next line', '秘密X\n1年\n关于召开全市重点项目推进会的通知\n', 'block'],
  ['the star, the period on the next line', '秘密★\n6个月\n关于召开全市重点项目推进会的通知\n', 'block'],
  ['a year heading under a bare level★ is no period', '机密★\n2024年度工作总结\n', 'block'],
  ['pinyin spaced with two blanks', 'J  i M  i  ★  5  年\n关于召开全市重点项目推进会的通知\n', 'review'],
  ['pinyin, a combining mark on the last letter', 'jīmì\u0307★10年\n关于召开全市重点项目推进会的通知\n', 'review'],
  // Tone marks precomposed on any letter are the letter: a dot below and a grave (ị̀), a tilde below (ḭ), a caron.
  ['pinyin, a dot below and a grave', 'juémị\u0300★5年\n关于召开全市重点项目推进会的通知\n', 'review'],
  ['pinyin in capitals, a dot below', 'MỊMỊ★1年\n关于召开全市重点项目推进会的通知\n', 'review'],
  ['pinyin, a tilde below and a caron', 'mìmḭ★1年\n关于召开全市重点项目推进会的通知\n', 'review'],
  ['pinyin with carons', 'jǐ mǐ★6个月\n关于召开全市重点项目推进会的通知\n', 'review'],
  ['pinyin in small capitals', 'ᴍɪᴍɪ★1年\n关于召开全市重点项目推进会的通知\n', 'review'],
  ['pinyin with dotless i', 'jımı★6个月\n关于召开全市重点项目推进会的通知\n', 'review'],
  ['pinyin in capitals with a grave', 'MIMÌ★1年\n关于召开全市重点项目推进会的通知\n', 'review'],
  ['pinyin, a middle dot before the star', 'mìmì·★6个月\n关于召开全市重点项目推进会的通知\n', 'review'],
  ['spaced with two blanks, x for the star', '秘  密  x  1  年\n关于召开全市重点项目推进会的通知\n', 'block'],
  ['letter-spaced period with look-alike digits', '机\u200a密\u200a★\u200a2\u200ao\u200a2\u200a5\u200a年\u200aI\u200a2\u200a月\u200a3\u200aI\u200a日\n市财政局关于2024年一季度预算执行情况的报告\n', 'block'],
  // A level spelt in Latin letters broken over two lines.
  ['pinyin broken inside a syllable', 'jīm\nì★2025年12月31日\n江临市应急管理局文件\n', 'review'],
  ['pinyin broken between syllables', 'Jue M\ni★长期\n市财政局关于2024年一季度预算执行情况的报告\n', 'review'],
  ['capitals broken inside the word', 'MIM\nI★6个月\n市财政局关于2024年一季度预算执行情况的报告\n', 'review'],
  ['capitals, the star on the next line', 'MIMI\n★会议结束后\n关于召开全市重点项目推进会的通知\n', 'review'],
  ['a unit before a starred line is no level', '身高180cm\n★会议结束后请归还\n', 'none'],
  ['box-drawing rule between', '机\u2500密\u2500★\u2500 5\u2500年\n', 'block'],
  ['katakana length mark between', '秘\u30fc\u30fc密★5年\n', 'block'],
  ['full-width tilde between', '机\uff5e密★5年\n', 'block'],
  ['a range written with a tilde stays prose', '会期为3~5天，2024年~2025年分两批进行。\n', 'none'],
  ['OCR star as 女', '机密女5年\n关于召开会议的通知\n', 'block'],
  ['OCR star as 文', '秘密文10年\n', 'block'],
  ['OCR star as 广 (measured on a BMP scan)', '秘密广6个月\n会议通知\n', 'block'],
  ['routing slip cell', '| 文件名称 | 关于年度计划的报告 |\n| 密级 | 机密★3年 |\n', 'block'],
  ['flattened header in one line', '000052 机密★3年 特急 江临市交通运输局文件', 'block'],
  ['level alone on top line: a cover marking', '机密\n关于……的报告\n', 'block'],
  ['level alone further down: a human looks', '一、\n二、\n三、\n四、\n五、\n六、\n机密\n关于……的报告\n', 'review'],
  ['level written against its label, no separator', '密级机密\n关于……的报告\n', 'block'],
  ['label written after the level', '机密密级\n关于……的报告\n', 'block'],
  ['FAQ quoting the format', '答：密级标志的写法如「机密★5年」，标注在首页左上角。\n', 'none'],
  ['regulation sentence', '机密级以上文件应当编排序列号，绝密文件严禁翻印。\n', 'none'],
  ['security article', '数据的机密性、完整性和可用性是信息安全的三要素。\n', 'none'],
  ['book title', '《秘密花园》是一本畅销的涂色书。\n', 'none'],
  ['国家秘密 is no level', '国家秘密\n', 'none'],
  ['工作秘密 is not a state secret', '工作秘密\n', 'none'],
  ['novel dialogue', '“这是一项绝密任务，”他压低声音说，“明天五点出发。”\n', 'none'],
  ['example after 标注为', '按规定应标注为机密★10年，并注明知悉范围。\n', 'none'],
  ['documentation quoting a routing-slip row in a code span', '表格写法示例见 `| 密级 | 机密★3年 |`；HTML 页面则不同。', 'none'],
  ['quiz table: its caption asks which ways of writing are right', '安全知识测验：判断下列写法是否规范。\n| 题目 | 答案 |\n| 绝密★长期 | 规范 |\n| 公开 | 规范 |\n', 'none'],
  ['table comparing ways of writing, cells one per line', '附表二：标志写法对照（供学习参考）\n写法\n说明\n秘密★3年\n规范的写法\n', 'none'],
  ['a 写法 header cell names the column as examples', '| 写法 | 含义 |\n| 机密★10年 | 机密级，十年 |\n', 'none'],
  ['a routing slip under an ordinary caption stays a marking', '文件处理单\n| 文件名称 | 年度计划 |\n| 密级 | 机密★3年 |\n', 'block'],
  ['prose about other documents wrapped right after the mark (PDF line)', '抽查中发现，有的科室把标有机密★公开发布前\n的旧文件与普通资料混放，现已整改。\n', 'none'],
  ['a note stating material is classified', '此稿引用的检查通报定为机密★10年，发布前请删去第三段。', 'review'],
  // Look-alikes of 1 and 0 in the period or date after a level, outside OCR text too (pasted from OCR, or typed).
  ['date with look-alike digits', '机密★2O25年l2月3l日\n关于召开推进会的通知\n', 'block'],
  ['look-alike digits after a symbol for ★', '机密○2o25年I2月3I日\n关于召开推进会的通知\n', 'block'],
  ['look-alike digits after an x for ★', '机密XIo年\n关于召开推进会的通知\n', 'block'],
  ['look-alike digits in brackets after the star', '机密★（lO年）\n关于召开推进会的通知\n', 'block'],
  ['look-alike letters after a level word in prose stay prose', '机密文件Io年来无人过问，2O24年l2月清理完毕。\n', 'none'],
  // A copy number with a space after № inside a quoted example is no 份号 opening a header line.
  ['a quoted example with a № copy number', '密级和保密期限一般标注在版心左上角第二行，例如标注为“№ 000047　机密★5年”的写法，本讲义仅作示例说明。\n', 'none'],
  ['flattened header with a № copy number', '№ 000047 机密★3年 特急 江临市交通运输局文件', 'block'],
  // A mark broken over two short lines after its level: inside the period, the condition or before the star.
  ['broken inside the period after an OCR star', '机密又5\n年\n关于召开推进会的通知\n', 'block'],
  ['broken inside a date after a symbol for ★', '机密●2025年12\n月31日\n关于召开推进会的通知\n', 'block'],
  ['broken inside a bracketed period', '机密【5\r\n年】\n关于召开推进会的通知\n', 'block'],
  ['broken inside the condition', '秘密●会议结束\n后\n关于召开推进会的通知\n', 'block'],
  ['broken before the star', '机密、\n★10年\n关于召开推进会的通知\n', 'block'],
  // A separator the normalizer drops between characters stays at a line's end (a middle dot, a bullet, a wave dash, a rule).
  ['broken before the star after a middle dot', '秘密·\r\n★1年\n关于召开推进会的通知\n', 'block'],
  ['broken before the star after a bullet', '机密•\n★5年\n关于召开推进会的通知\n', 'block'],
  ['broken before the star after a wave dash', '绝密〜\n★长期\n关于召开推进会的通知\n', 'block'],
  ['broken inside the level, the second line holding the date (15 units)', '机\n密✱2025年12月31日\n关于召开推进会的通知\n', 'block'],
  ['broken inside a condition in quotation marks alone on the first line', '“秘密★会\n议结束后”\n关于召开推进会的通知\n', 'block'],
  ['a mark and a title starting with a year are two lines', '机密★5年\n2024年度定密工作检查情况通报\n各单位：\n', 'block'],
  ['a level and a word over two lines is no broken condition', '机密文件\n前\n', 'none'],
  ['a level and a count over two lines is no broken period', '本年度共清理机密文件5\n年度报告另行印发\n', 'none'],
  // The star lost (a · dropped between ideographs) before a condition in brackets the mark opened; a copy number after a condition.
  ['lost star before a condition in title marks', '〈绝密·启用前〉\n关于召开推进会的通知\n', 'review'],
  ['copy number after a condition with a symbol for ★', '秘密▲会议结束后　No.000123\n关于召开推进会的通知\n', 'block'],
  // A letter-spaced line keeps the blank before a bracket: the period set off in brackets after it.
  ['letter-spaced bracketed period', '机 密 （ 5 年 ）\n关于召开推进会的通知\n', 'block'],
  ['a bracketed period after a blank in a sentence stays prose', '机密 （5年）是示例写法，不是本文件的标志。\n', 'none'],
  // A separator typed in the star's place before the bracketed period (found by mutation seed 317).
  ['a middle dot for ★ before a period in brackets', '秘密·（1年）\n关于召开全市重点项目推进会的通知\n', 'block'],
  ['a hyphen for ★ before a period in brackets', '机密-【5年】\n关于召开推进会的通知\n', 'block'],
  ['a middle dot before a bracketed period in a sentence stays prose', '机密·（5年）是示例写法，不是本文件的标志。\n', 'none'],
  ['wide letter spacing: two blanks between the digits', '机  密  ★  2  0  2  5  年  1  2  月  3  1  日\n关于召开推进会的通知\n', 'block'],
  ['an x for ★ before a period in brackets', '机密x〔5年〕\n关于召开推进会的通知\n', 'block'],
  ['a middle dot for ★ before look-alike digits', '机密·l0年\n关于召开推进会的通知\n', 'block'],
  ['a level in title marks with a copy number beside, on the first line', '《机密》　№000123\n关于召开推进会的通知\n', 'review'],
  ['two years two blanks apart in a title stay a title', '2024  2025年度工作计划\n各科室：\n', 'none'],
  ['a model number after a level in a sentence stays prose', '该型号机密封圈（lO年质保）已停产。\n', 'none'],
];

describe(RULE, () => {
  it.each(FIXTURES)('%s', (_label, text, expected) => {
    expect(worst(findingsOf(text, RULE))).toBe(expected);
  });

  it('in OCR text any character in the star slot counts when the marking stands alone', () => {
    const ocr = (text: string) => [{ id: 'ocr:page-1', role: 'ocr' as const, text, origin: { page: 1 } }];
    expect(worst(findingsOf(ocr('秘密去1年\n江州市防汛抗旱指挥部文件\n'), RULE))).toBe('block');
    expect(worst(findingsOf(ocr('会议认为机密的5年规划需要调整，各单位要抓好落实。\n'), RULE))).toBe('none');
    // OCR reads the 1 of the period as ] (measured on a scanned PDF page).
    expect(worst(findingsOf(ocr('秘密妈]年\n江州市防汛抗旱指挥部文件\n'), RULE))).toBe('block');
    // Outside OCR text an unusual character is no star.
    expect(worst(findingsOf('秘密达1年\n', RULE))).not.toBe('block');
    expect(worst(findingsOf(ocr('秘密达1年\n'), RULE))).toBe('block');
  });

  it('explains the score with layout cues and parses the period', () => {
    const [f] = findingsOf('000012\n机密★十年\n特急\n', RULE);
    expect(f.explanation.fields).toMatchObject({ level: '机密', period: '10年' });
    const cues = f.explanation.cues.map((c) => c.cue).join(' ');
    expect(cues).toMatch(/alone/);
    expect(cues).toMatch(/份号/);
    expect(cues).toMatch(/紧急程度/);
  });

  it('joins a period alone on the line after the star\'s place, never the start of a heading (5年来…), and locates the mark across the break', () => {
    const text = '秘密X\n1年\n关于召开全市重点项目推进会的通知\n';
    const [f] = findingsOf(text, RULE);
    expect(f.explanation.fields).toMatchObject({ level: '秘密', period: '1年' });
    expect(text.slice(f.location.start, f.location.end)).toBe('秘密X\n1年');
    const [g] = findingsOf('机密★\n5年来的工作回顾\n', RULE);
    expect(g.explanation.fields?.period).toBeUndefined();
    expect(g.explanation.normalized).toBe('机密★');
  });

  it('locates a letter-spaced marking in the original text', () => {
    const text = '标题行\n  机 密 ★ 3 年\n';
    const [f] = findingsOf(text, RULE);
    expect(text.slice(f.location.start, f.location.end)).toBe('机 密 ★ 3 年');
    expect(f.location).toMatchObject({ line: 2, column: 3, part: 'body', role: 'body', visible: true });
  });

  // A word processor's table, a cell a line: the register's 密级 column is found by its header row.
  const REGISTER = [
    ['序号', '文号', '标题', '密级', '收文日期'],
    ['1', '江委办发〔2024〕12号', '关于加强防汛工作的通知', '机密', '2024年5月8日'],
    ['2', '江政办〔2024〕33号', '关于调整市级预算的报告', '秘密', '2024年5月9日'],
    ['3', '江政发〔2024〕5号', '关于印发农业发展规划的通知', '公开', '2024年5月10日'],
  ];

  it('a register of documents in a word-processor table reviews, located at its level cells', () => {
    const part = tablePart('收文登记簿', REGISTER);
    const fs = findingsOf([part], RULE);
    expect(worst(fs)).toBe('review');
    expect(fs.filter((f) => f.severity === 'review').map((f) => part.text.slice(f.location.start, f.location.end))).toEqual(['机密', '秘密']);
    expect(fs[0].location.blockKind).toBe('table-cell');
    expect(fs[0].explanation.cues.map((c) => c.cue).join(' ')).toMatch(/register of documents/);
  });

  it('one row under a register header is a routing slip laid out across: its level blocks', () => {
    expect(worst(findingsOf([tablePart('文件处理单', REGISTER.slice(0, 2))], RULE))).toBe('block');
  });

  it('a song called 秘密 in a programme\'s 节目名称 column passes; under such a header beside a 密级 label, or with no header, it blocks', () => {
    const programme = [
      ['序号', '节目名称', '表演者'],
      ['1', '不能说的秘密', '江临市青年合唱团'],
      ['2', '秘密', '林小雨'],
      ['3', '夜空中最亮的星', '城市乐队'],
    ];
    expect(worst(findingsOf([tablePart('2025年江临市民音乐节节目单', programme)], RULE))).toBe('none');
    expect(worst(findingsOf([tablePart('文件处理单', [['项目', '名称'], ['密级', '机密'], ['标题', '关于XX工作的报告']])], RULE))).toBe('block');
    expect(worst(findingsOf([tablePart('2025年江临市民音乐节节目单', programme.slice(1))], RULE))).toBe('block');
  });

  it("a regulation's column of example marks of every level is a list of marks (review), a routing slip's one mark blocks", () => {
    const examples = [
      ['级别', '标志'],
      ['绝密', '绝密★30年'],
      ['机密', '机密★20年'],
      ['秘密', '秘密★10年'],
    ];
    const fs = findingsOf([tablePart('国家秘密标志使用说明', examples)], RULE);
    expect(worst(fs)).toBe('review');
    expect(fs.filter((f) => f.severity === 'review').length).toBe(3);
    expect(worst(findingsOf([tablePart('江临市应急管理局发文稿纸', [['密级', '机密★5年', '份数', '20'], ['标题', '关于开展汛期安全检查的通知', '', '']])], RULE))).toBe('block');
    // The same level down the column is no list of levels: two copies of one slip's mark still block;
    // nor are two levels (a sheet's own mark and an item's).
    expect(worst(findingsOf([tablePart('发文稿纸', [['密级', '机密★5年'], ['密级', '机密★5年']])], RULE))).toBe('block');
    expect(worst(findingsOf([tablePart('物资清单', [['密级', '机密★5年'], ['附件密级', '秘密★1年']])], RULE))).toBe('block');
  });

  it("a regulation's table of the levels, a cell a line, passes", () => {
    const levels = [
      ['密级', '保密期限', '说明'],
      ['绝密', '不超过30年', '最重要的国家秘密，泄露会使国家安全和利益遭受特别严重的损害'],
      ['机密', '不超过20年', '重要的国家秘密，泄露会使国家安全和利益遭受严重的损害'],
      ['秘密', '不超过10年', '一般的国家秘密，泄露会使国家安全和利益遭受损害'],
    ];
    expect(worst(findingsOf([tablePart('附表　国家秘密的密级和保密期限', levels)], RULE))).toBe('none');
  });

  it('a whole mark in a macro string or a mail-merge query reviews; a level word quoted in prose passes', () => {
    const hidden = (text: string) => [{ id: 'Basic/Standard/Module1.xml', role: 'hidden' as const, text, origin: {} }];
    expect(worst(findingsOf(hidden('Sub Main\n  MsgBox "机密★5年"\nEnd Sub'), RULE))).toBe('review');
    expect(worst(findingsOf(hidden('SELECT * FROM `机密★5年$`'), RULE))).toBe('review');
    expect(worst(findingsOf(hidden("SELECT 文号, 标题 FROM 收文登记 WHERE 密级='机密★5年'"), RULE))).toBe('review');
    expect(worst(findingsOf(hidden('Sub Main\n  MsgBox "机密"\nEnd Sub'), RULE))).toBe('none');
    expect(worst(findingsOf('他把这份材料称作“机密”，其实内容早已公开。\n', RULE))).toBe('none');
  });

  it('a whole mark as a parenthesised or listed value in code reviews (COVER = ("机密★5年")); the level word so, or prose in brackets, passes', () => {
    // Python wraps a long value in parentheses; a list or set holds one item in brackets.
    expect(worst(findingsOf('# 封面标志\nCOVER_MARK = ("机密★5年")\nTITLE = "关于做好2026年汛期值班工作的通知"\n', RULE))).toBe('review');
    expect(worst(findingsOf('const COVER_MARKS = ["机密★5年"];\n', RULE))).toBe('review');
    expect(worst(findingsOf('DEFAULT_LEVEL = ("机密")\n', RULE))).toBe('none');
    // Objective-C's and C#'s string prefix.
    expect(worst(findingsOf('NSString *const kCoverMark = @"机密★5年";\n', RULE))).toBe('review');
    expect(worst(findingsOf('NSString *const kDefaultLevel = @"机密";\n', RULE))).toBe('none');
    expect(worst(findingsOf('密级标志的写法如("机密★5年")所示，标注在封面左上角。\n', RULE))).toBe('none');
  });

  it('a marking in a header part blocks; in a comment a statement reaches review, flagged as hidden', () => {
    const header = findingsOf([{ id: 'word/header1.xml', role: 'header', text: '机密★3年', origin: { filePart: 'word/header1.xml' } }], RULE);
    expect(worst(header)).toBe('block');
    const comment = findingsOf([{ id: 'c', role: 'comment', text: '这份材料定为机密', origin: {} }], RULE);
    expect(worst(comment)).toBe('review');
    expect(comment[0].location.visible).toBe(false);
    const hidden = findingsOf([{ id: 'h', role: 'hidden', text: '机密★5年', origin: {} }], RULE);
    expect(hidden[0].location.visible).toBe(false);
    expect(hidden[0].message).toMatch(/does not see/);
  });
});

// A precision red team's false blocks (each with the marking that must still block beside it).
const PRECISION: Array<[string, string, 'block' | 'review' | 'none']> = [
  // Markdown emphasis: the asterisks of **绝密** are no ★.
  ['Markdown bold levels in a table defining them', '# 国家秘密密级释义\n\n| 密级 | 含义 |\n|---|---|\n| **绝密** | 最重要的国家秘密 |\n| **机密** | 重要的国家秘密 |\n| **秘密** | 一般的国家秘密 |\n', 'none'],
  ['Markdown italic level in a list item', '保密常识\n\n- *秘密*：一般的国家秘密\n', 'none'],
  ['an asterisk for the star, alone at the top', '机密*5年\n关于XX工作的报告\n', 'block'],
  ['a whole mark in bold at the top', '**机密★5年**\n关于XX工作的报告\n', 'block'],
  ['a bold level in a routing-slip cell', '| 密级 | **机密** |\n|---|---|\n| 标题 | 关于XX工作的报告 |\n', 'block'],
  // A level word alone on a line blocks only with something of a marking's around it.
  ['an essay titled 秘密', '秘密\n\n小时候，我在外婆家后院的槐树下埋过一个铁皮盒子，里面装着几颗玻璃弹珠。那是只属于我一个人的秘密。\n', 'review'],
  ['a song titled 绝密', '绝密\n\n演唱：张三\n作词：李四\n\n你说这是我们之间的绝密\n', 'review'],
  ['a Markdown heading defined on the next line', '## 机密\n\n机密级国家秘密是重要的国家秘密，泄露会使国家安全和利益遭受严重的损害。\n', 'none'],
  ['a title in a numbered list of TV dramas', '# 2023年度十大谍战剧盘点\n\n1. 绝密\n2. 风筝\n3. 潜伏\n', 'none'],
  ['a level alone over a report title', '秘密\n\nXX市财政局关于2024年预算调整的报告\n\n市政府：\n现将有关情况报告如下。\n', 'block'],
  ['a level alone over a cover title', '机密\n\nXX工程总体设计方案\n\nXX设计研究院\n2024年5月\n', 'block'],
  // A heading asking about the mark that opens it.
  ['a heading asking how to write a mark', '# 秘密★1年 怎么标？\n\n- 标注位置：首页左上角\n- 密级在前，保密期限在后，中间用★隔开\n', 'none'],
  ['a question mark right after the mark, 密级标志 in the title', '# 机密★5年？一文读懂密级标志\n\n密级标志由三部分组成。\n', 'none'],
  ['a heading asking what a mark means', '# 绝密★启用前是什么意思？\n\n“绝密★启用前”常见于高考试卷封面。\n', 'none'],
  ['a mark opening the first line before a title', '机密★5年 关于XX工作的报告\n\n市政府：\n现将有关情况报告如下。\n', 'block'],
  // An example in a box drawn with box-drawing characters, and an answer's 标注如下：.
  ['an example box drawn around a mark', '保密基础知识培训讲义\n\n┌────────── 示例 ──────────┐\n│ 机密★5年                 │\n│ 关于××工作的报告          │\n└───────────────────────────┘\n\n上例中，“机密”为密级，“5年”为保密期限。\n', 'none'],
  ['an answer ending 标注如下： above the mark', '定密常见问题解答\n\n问：高考试卷封面怎么标？\n答：标注如下：\n绝密★启用前\n启用后即自行解密。\n', 'none'],
  // …复制件就写：⏎秘密★1年 (a Q&A on marking copies, read off a long screenshot): 就写： introduces
  // the line below as 标注为： does; a whole mark alone on its line so introduced is still reviewed.
  ['an answer ending 就写： above the mark', '保密问答\n\n问：涉密文件的复制件需要标注密级吗？\n答：需要，复制件应当标注与原件相同的密级。\n问：复制件怎么标密级？\n答：照原件标注，原件标的是一年，复制件就写：\n秘密★1年\n问：内部资料可以上传到互联网吗？\n', 'review'],
  ['an answer ending 应写为： above the mark near the top', '保密问答\n\n问：复制件怎么标密级？\n答：照原件标注，复制件应写为：\n秘密★1年\n', 'review'],
  ['a mark as the first line of an exam paper', '绝密★启用前\n\n2025年普通高等学校招生全国统一考试\n数学\n一、选择题\n', 'block'],
  // A list of marks: its bullets or numbers are no part of a line; a heading naming the format makes them examples.
  ['a bulleted list of marks under # 标注格式', '# 标注格式\n\n- 机密★5年\n- 秘密★6个月\n- 绝密★启用前\n', 'none'],
  ['a bulleted list of marks, no heading', '- 机密★5年\n- 秘密★6个月\n- 绝密★启用前\n', 'review'],
  ['an asterisk-bulleted list of marks', '* 机密★5年\n* 秘密★6个月\n* 绝密★启用前\n', 'review'],
  ['a numbered list of marks', '1. 机密★5年\n2. 秘密★6个月\n3. 绝密★启用前\n', 'review'],
  ['a list of marks numbered （1）', '（1）机密★5年\n（2）秘密★6个月\n（3）绝密★启用前\n', 'review'],
  ['marks under 书写格式 without bullets', '书写格式\n\n机密★5年\n秘密★6个月\n绝密★启用前\n', 'none'],
  ['a single mark alone at the top', '机密★5年\n关于XX工作的报告\n', 'block'],
  ['a single bulleted mark at the top', '- 机密★5年\n\n关于XX工作的报告\n', 'block'],
  // A mark alone on a line a sentence wraps onto after its verb (…标注了⏎机密★5年⏎经审查，…).
  ['a mark wrapped onto its own line after 标注了', '案例三：标注错误导致定密不当\n\n某单位工作人员起草一份会议通知，在首页左上角标注了\n机密★5年\n经审查，该通知内容不涉及国家秘密，属于不当定密，已予以纠正。\n', 'review'],
  ['a mark wrapped onto its own line after 印有', '检查发现，该单位复印室留存的一份培训材料封面上印有\n秘密★1年\n字样，但内容均为公开信息。\n', 'review'],
  ['a mark under a copy number, over 特急', '000123\n机密★5年\n特急\n\nXX市保密局文件\n', 'block'],
  ['a mark on the first line over prose ending in 标注了', '机密★5年\n某单位工作人员起草一份会议通知，在首页左上角标注了\n', 'block'],
  ['a mark after a finished sentence and a blank line', '现将有关材料报送如下，请审阅并提出意见。\n\n机密★5年\n关于XX工作的报告\n', 'block'],
];

describe(`${RULE}: precision`, () => {
  it.each(PRECISION)('%s', (_label, text, expected) => {
    expect(worst(findingsOf(text, RULE))).toBe(expected);
  });

  it('a mark in the answer column of a quiz (题号 | 题干 | 答案) passes; a routing slip\'s 密级 cell and a 题目 column still block', () => {
    const q = '文件首页左上角应标注的国家秘密标志，保密期限为五年的机密级文件应写作';
    expect(worst(findingsOf(`题号\t题干\t答案\n1\t${q}\t机密★5年\n2\t高考试卷在启用前应标注\t绝密★启用前\n`, RULE))).toBe('none');
    expect(worst(findingsOf([tablePart('保密知识测验', [['题号', '题干', '答案'], ['1', q, '机密★5年']])], RULE))).toBe('none');
    expect(worst(findingsOf('| 题号 | 题干 | 选项 |\n|---|---|---|\n| 1 | 下列标志写得对吗 | 机密★5年 |\n', RULE))).toBe('none');
    expect(worst(findingsOf([tablePart('文件处理单', [['密级', '机密★5年'], ['标题', '关于XX工作的报告']])], RULE))).toBe('block');
    expect(worst(findingsOf('文件处理单\n密级\t机密★5年\n标题\t关于XX工作的报告\n', RULE))).toBe('block');
    expect(worst(findingsOf('题号\t题目\t密级\n1\t关于XX工作的报告\t机密★5年\n', RULE))).toBe('block');
  });

  it('a mark in a table under a caption 图1 标注位置示意 does not block; without the caption it does', () => {
    const lead = '国家秘密标志由密级和保密期限组成，标注在文件首页左上角。';
    expect(worst(findingsOf([tablePart(`${lead}\n图1 标注位置示意`, [['机密★5年'], ['XX市人民政府关于XX工作的报告']])], RULE))).not.toBe('block');
    expect(worst(findingsOf(`${lead}\n图1 标注位置示意\n| 机密★5年 |\n| XX市人民政府关于XX工作的报告 |\n`, RULE))).not.toBe('block');
    expect(worst(findingsOf(`${lead}\n| 样张 |\n| 机密★5年 |\n`, RULE))).not.toBe('block');
    // A map's or chart's legend (图例) is no example: a slide marked beside one still blocks.
    expect(worst(findingsOf('图例\n机密★5年\nXX市防汛工程布置图\n', RULE))).toBe('block');
    expect(worst(findingsOf([tablePart('国家秘密标志的标注', [['机密★5年'], ['XX市人民政府关于XX工作的报告']])], RULE))).toBe('block');
    expect(worst(findingsOf('| 机密★5年 |\n| XX市人民政府关于XX工作的报告 |\n', RULE))).toBe('block');
  });

  it('a level in a page header still blocks with nothing else around it', () => {
    expect(worst(findingsOf([{ id: 'word/header1.xml', role: 'header', text: '秘密', origin: {} }], RULE))).toBe('block');
  });
});
