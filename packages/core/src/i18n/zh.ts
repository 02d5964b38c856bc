/**
 * 简体中文消息目录。与 `en.ts` 同一组消息 id 和参数类型（`satisfies Messages`：缺一条即编译失败）。
 * 文档原文（标志、摘录、规则 id、代码）保持原样引用，不翻译。
 */
import type { Block, FindingLocation, PartRole, UnreadReason } from '../types.ts';
import type { Messages } from './en.ts';

const VERDICT: Record<string, string> = { block: '禁止发布', review: '需人工审查', pass: '可以发布' };
const SEVERITY: Record<string, string> = { block: '禁止发布', review: '需人工审查', info: '提示' };

/** 文档部分的角色（页眉、脚注、批注……）。 */
export const ROLE_ZH = {
  body: '正文',
  title: '标题',
  header: '页眉',
  footer: '页脚',
  footnote: '脚注',
  endnote: '尾注',
  comment: '批注',
  deleted: '删除的修订内容',
  inserted: '插入的修订内容',
  'before-changes': '修订前的段落',
  hidden: '隐藏文字',
  properties: '文档属性',
  metadata: '元数据',
  'table-cell': '表格单元格',
  'text-box': '文本框',
  'alt-text': '图片替代文字',
  annotation: '注释',
  'form-field': '表单域',
  bookmark: '书签',
  field: '域代码',
  glossary: '文档部件库',
  'html-comment': 'HTML 注释',
  'attachment-name': '附件名',
  ocr: '图像识别文字（OCR）',
  notes: '演讲者备注',
  'sheet-name': '工作表名',
  master: '幻灯片母版',
  // Block kinds a cue may name.
  paragraph: '段落',
  line: '行',
  heading: '标题行',
  'list-item': '列表项',
  'ocr-line': '识别文字行',
} as const satisfies Record<PartRole | Block['kind'], string>;

/** 未读取内容的原因。 */
export const UNREAD_REASON_ZH = {
  'unsupported-format': '不支持的格式',
  encrypted: '已加密',
  corrupt: '文件损坏',
  empty: '内容为空',
  limit: '超出限制',
  timeout: '读取超时',
  aborted: '扫描被中止',
  'ocr-unavailable': '未启用文字识别（OCR）',
  'ocr-failed': '文字识别失败',
  'ocr-low-confidence': '文字识别置信度过低',
  'embedded-object': '嵌入对象未扫描',
  'text-loss': '文字丢失',
  'ocr-empty': '图像有字迹但未识别出文字',
  crashed: '读取进程崩溃',
  error: '出错',
} as const satisfies Record<UnreadReason, string>;

/** 中文密级标志各形式的名称（键为 cn-forms.ts 中的形式 id）。 */
export const CN_FORM_ZH = {
  'level-star-period': '国家秘密标志（密级★保密期限）',
  'level-ocr-star': '密级标志（★被文字识别误读）',
  'level-alone': '单独出现在标志位置的密级',
  'lower-word': '单独出现的内部标志',
  'label-value': '密级标签及其值',
  'ticked-level': '表单复选框中勾选的密级',
  'untold-option': '扫描表单密级栏列出各密级、文字中看不出勾选哪一项（手画的圈或勾不是文字）',
  'odd-mark-level': '表单选项中以与其他选项不同的符号（未能识别的符号字体）标出的密级',
  'starred-option': '表单列出的密级选项中以星号标出的一项（密级：绝密 ★机密 秘密）',
  'label-period': '保密期限或定密依据字段',
  'self-statement': '文件自述密级',
  'informal-statement': '声明材料属于涉密级别',
  'involves-secrets': '声明材料涉密',
  'classified-citation': '引用涉密来源',
  'document-marking-cited': '所引文件的密级标志',
  'lookalike-level': '以形近字或谐音字书写的密级',
  'damaged-level': '密级缺字或换字的标志（密★5年、机★5年）',
  'latin-level': '以拉丁字母拼写的密级',
  'handling-instruction': '作为标志的传阅限制说明',
  'publication-restriction': '不予公开的限制说明',
} as const;

/** 境外密级标志各形式的名称（键为 foreign-forms.ts 中的形式 id）。 */
export const FOREIGN_FORM_ZH = {
  'us-unclassified-fouo': '美国“非密//仅限公务使用”横幅',
  'us-banner': '美国密级横幅',
  'us-uk-level': '美国或英国密级横幅',
  'us-uk-lower': '“CONFIDENTIAL”或“RESTRICTED”横幅',
  'us-cui': '美国受控非密信息（CUI）横幅',
  'us-fouo': '“仅限公务使用/执法敏感”处理说明',
  'us-portion-controlled': '美国受控非密信息段落标志',
  'us-portion': '美国段落密级标志',
  'uk-official-sensitive': '英国“OFFICIAL-SENSITIVE”标志',
  nato: '北约密级标志',
  eu: '欧盟涉密信息标志',
  'tw-level': '台湾地区“極機密/絕對機密”密等',
  'tw-condition': '台湾地区“機密”及其解密条件',
  'tw-field': '台湾地区“密等及解密條件”字段',
  'jp-gokuhi': '日本“極秘”印章',
  'jp-hi': '日本“秘/取扱注意/部外秘”印章',
  'ru-secret': '俄罗斯密级标志（гриф секретности）',
  'ru-dsp': '俄罗斯“ДСП”（仅限公务使用）标志',
  'kr-grade': '韩国Ⅰ/Ⅱ/Ⅲ级秘密标志',
  'kr-lower': '韩国“대외비/비밀”印章',
  'cn-en': '保密期限的英文表述',
} as const;

/** 个人信息规则所找的内容。 */
export const PII_ZH = {
  'pii.cn-id-card': '居民身份证号',
  'pii.uscc': '统一社会信用代码',
  'pii.bank-card': '银行卡号',
  'pii.mobile': '手机号码',
  'pii.email': '电子邮箱地址',
} as const;

/** 评分线索（`explanation.cues[].cue` 为英文机器 id）的中文说明。 */
export const CUE_ZH = {
  // cn-state-secret / cn-lower
  'stands alone on its line': '单独成行',
  'stands alone in a table cell': '单独位于表格单元格中',
  'in the GB/T 9704 sequence 份号 → 密级 → 紧急程度 on one line': '与份号、紧急程度同行，符合 GB/T 9704 版头顺序',
  'inside running text': '位于叙述性语句中',
  'opens the first line of the document': '位于文档首行开头',
  'labelled 密级': '带有“密级”标签',
  'near the top of the page': '位于页面顶部',
  'near the top': '位于开头附近',
  'at the foot of the page': '位于页面底部',
  '份号 (copy number) on the line above': '上一行为份号',
  '紧急程度 beside it': '旁边有紧急程度',
  'a sentence states that material is classified at this level': '有语句声明材料定为该密级',
  quoted: '加引号或书名号（引用）',
  'introduced as an example': '作为示例引出',
  // cn-forms CUES
  'near the top of the first page': '位于首页顶部',
  'in a header, footer, text box or table cell': '位于页眉、页脚、文本框或表格单元格中',
  'introduced as an example (写法如, 例如, 标注为…)': '作为示例引出（写法如、例如、标注为……）',
  'under an example heading or in a table of examples (示例, 样式, 写法如下, 下表示例)': '位于示例标题下或示例表格中（示例、样式、写法如下、下表示例）',
  'talked about as a kind of wording (讨论, 列举, 这类表述)': '作为一种表述被讨论（讨论、列举、这类表述）',
  'a general rule about markings (应当标明, 一律, 凡…)': '关于密级标志的一般性规定（应当标明、一律、凡……）',
  'a condition or definition, not a statement about this document (如果, 凡, 是指)': '条件或定义，并非对本文件的陈述（如果、凡、是指）',
  'several levels listed together (a table or list of levels, not one marking)': '多个密级并列（密级列表或表格，而非一个标志）',
  'the text says it was drawn from this source (据, 根据, 改写, 摘自, 整理自)': '正文说明内容来自该来源（据、根据、改写、摘自、整理自）',
  'beside a document number (发文字号): a specific document': '旁有发文字号：指向具体文件',
  'about this document (本, 此, 该, 这份)': '指本文件（本、此、该、这份）',
  "an authority's finding about an item of a case (经…鉴定，该文件属于机密级国家秘密): a judgment's or a warning case's report, not this document": '主管部门对案件中某一物品的鉴定结论（经……鉴定，该文件属于机密级国家秘密）：是判决书或警示案例的叙述，不是本文件',
  "a longest or legal period (最长保密期限：30年): what the rules allow, not this document's period": '最长或法定保密期限（最长保密期限：30年）：是规定允许的期限，不是本文件的保密期限',
  'a secrecy period stated beside it (保密期限)': '旁边注明了保密期限',
  'a whole mark: a period or condition after the level, or a label before it': '标志完整：密级后有保密期限或解密条件，或前有密级标签',
  'says the content involves secrets (内容涉密)': '声明内容涉密',
  // cn-forms GRAMMAR_CUES
  'a level★period mark opening the first line of the document (layout lost: SVG text, flattened pages)': '“密级★保密期限”位于文档首行开头（版式已丢失：SVG 文字、拼合页面）',
  'an English gloss beside the level (机密 CONFIDENTIAL) does not make it prose': '密级旁的英文注释（机密 CONFIDENTIAL）不使其成为叙述文字',
  'a level spelt in Latin with Cyrillic or Greek letters that look Latin (МІМІ★1年, jімі★6个月): read as Latin': '用形似拉丁字母的西里尔或希腊字母拼写的密级（МІМІ★1年、jімі★6个月）：按拉丁字母读取',
  'written one character per line or broken over two short lines (vertical text, SVG, lost layout): read as one line': '每行一个字或分成两个短行（竖排、SVG、版式丢失）：按一行读取',
  'the level opens a metadata field or is one item of it (title 秘密-…, keywords)': '密级位于元数据字段开头或为其中一项（标题“秘密-……”、关键词）',
  'a level word standing where a marking stands (top of the first page, table cell, header)': '密级词位于标志应在的位置（首页顶部、表格单元格、页眉）',
  "a level and a declassification condition alone on a line with nothing in the star's place (机密会议开始前): the star lost (OCR, retyping)": '密级与解密条件单独成行而无★（机密会议开始前）：★已丢失（文字识别、重新录入）',
  'an option of a row of check boxes whose box is empty, the options in cells of their own (密级 | ☐绝密 | ☐机密 | ☐秘密: a blank form), is no marking': '表单复选框中未勾选的选项，各选项各占一格（密级 | ☐绝密 | ☐机密 | ☐秘密：空白表单），不是密级标志',
  'the one option of a row of check boxes marked otherwise than by its empty box (密级 | ☑ 绝密 | ☐ 机密 | ☐ 秘密): the choice, not a list of levels': '表单复选框一行中唯一以非空框符号标出的选项（密级 | ☑ 绝密 | ☐ 机密 | ☐ 秘密）：即所选密级，不是密级列举',
  'in brackets of its own, all its line or cell holds (【机密】, （秘密★1年）): a label set off, not a quotation': '单独括在括号内、独占一行或一个单元格（【机密】、（秘密★1年））：是醒目标注，而非引用',
  'in quotation or title marks that are all the first line holds, above a notice (「机密」, 《绝密》, “绝密★启用前” over 关于……的通知): set off where a mark stands, not quoted; a level alone or an uncertain mark so set off: a human decides': '括在引号或书名号内、独占首行，其下为公文（「机密」、《绝密》、“绝密★启用前”，其下为关于……的通知）：位于标志应在的位置，是醒目标注而非引用；仅有密级或写法存疑时由人工判断',
  "a whole mark in brackets opening a line or a field's value, before the title or subject it marks (【机密★5年】关于……的通知)": '完整标志括在括号内、位于行首或字段值开头，置于所标注的标题或主题之前（【机密★5年】关于……的通知）',
  'a sentence says this document or its attachment has been marked so (附件已标注机密★5年，请按规定管理): a cover note about classified material, not running text however long': '句子说明本件或其附件已作此标注（附件已标注机密★5年，请按规定管理）：关于涉密材料的附言，句子再长也不算行文叙述',
  "the blank of a form's instruction filled in (如涉密请注明密级：机密★5年, the mark closing the line): an answer, not an example": '表单填写说明的空白处已填写（如涉密请注明密级：机密★5年，标志位于行末）：是填写的内容，不是示例',
  "a whole mark alone at the top under a title that describes teaching material (知识考试试题（标志写法部分）), no example heading: the paper's own marking may be meant; a human decides": '完整标志单独位于顶部，其上标题说明为教学材料（知识考试试题（标志写法部分）），且无示例标题：可能是试卷本身的标志，由人工判断',
  "in a register row of declassified items (a cell says 解除 or 已解密, or the column is 原密级): an item's former level, not this document's marking": '位于已解密事项登记表的一行（某格写明解除或已解密，或该列为原密级）：是事项原来的密级，不是本文件的标志',
  "a level in brackets closing or opening a short title line (第三次联席会议材料（秘密）, （绝密）关于印发……的通知): a typist's marking, not the standard form; a human decides": '密级括在括号内、位于简短标题行末或行首（第三次联席会议材料（秘密），（绝密）关于印发……的通知）：非标准写法的标注，由人工判断',
  'an option of a multiple-choice question (A．机密★5年　B．秘密★10年 under a question ending with ？ or holding a （　） blank): talk about markings, not a marking': '选择题的选项（问题以“？”结尾或含“（　）”填空，其下为 A．机密★5年　B．秘密★10年）：谈论密级标志，不是标志',
  'a whole mark as a string literal in code (MsgBox "机密★5年", WHERE 密级=\'机密★5年\', a mail-merge query): data the code carries, not a quotation; at least review': '完整标志是代码中的字符串（MsgBox "机密★5年"、WHERE 密级=\'机密★5年\'、邮件合并查询）：是代码携带的数据，不是引用；至少需人工审查',
  "in the 密级 column of a register of documents (收文登记簿: 文号 or 标题 columns beside 密级, two rows or more): it lists classified documents by title; a human decides, not this document's own marking": '位于文件登记簿的“密级”列（收文登记簿：“密级”旁有“文号”或“标题”列，两行以上）：按标题列出涉密文件，由人工判断；不是本文件自身的标志',
  "a level word alone on its line with nothing of a marking around it (no 密级 label, 份号, 紧急程度, gloss, header or cover role; no document title, issuer, number or request within a few lines): an essay's or a heading's title as well as a cover's mark; a human decides": '密级单独成行，周围没有任何标志的佐证（无“密级”标签、份号、紧急程度、英文对照、页眉或封面位置；附近几行也没有公文标题、发文机关、发文字号或请示语）：可能是封面标志，也可能是文章或小标题的题目；由人工判断',
  'an item of a numbered list whose other items are no levels (1. 绝密 / 2. 风筝): a title in a list, not a marking': '编号列表中的一项，其他各项都不是密级（1. 绝密 / 2. 风筝）：列表中的题目，不是标志',
  'the rest of its line asks about the mark opening it (# 秘密★1年 怎么标？, 绝密★启用前是什么意思？): a heading or a question about markings': '同一行的其余部分是在询问开头的这个标志（# 秘密★1年 怎么标？、绝密★启用前是什么意思？）：是谈论标志的标题或问题',
  "alone on a line that a sentence of prose wraps onto, the line above ending in a verb that leads to it (…在首页左上角标注了 / 机密★5年 / 经审查，…): the object of that sentence, not a marking's place": '单独成行，但上一行是以引出它的动词结尾的叙述句（……在首页左上角标注了 / 机密★5年 / 经审查，……）：是这句话的宾语，不是标志所在的位置',
  'Markdown emphasis around the level (**绝密**, *秘密*): its asterisks are no ★, the level is judged bare': '密级两侧是 Markdown 强调符号（**绝密**、*秘密*）：星号不是★，按单独的密级判断',
  "alone in a table cell under a header naming titles (节目名称, 书名, 曲目, 篇名): a song's, a book's or a programme's title, not a marking": '单独位于表格单元格中，所在列的表头是名称类（节目名称、书名、曲目、篇名）：是歌曲、图书或节目的名称，不是标志',
  'a whole mark alone over a line saying when it applies (绝密★启用前 / 适用于考试试题等……的情形): a slide or a handout explaining the forms': '完整标志单独成行，下一行说明其适用情形（绝密★启用前 / 适用于考试试题等……的情形）：是讲解标志写法的幻灯片或讲义',
  'a letter of another script typed in the star\'s place before the period (机密ж5年, 秘密ⵣ1年), alone where a mark stands: no letter of prose stands there; a human decides': '星号位置上是其他文字的字母（机密ж5年、秘密ⵣ1年），且位于标志的位置：正文中不会有字母出现在此处；由人工判断',
  'a whole mark alone on its line among other whole marks on the lines around it, with nothing saying they are examples: a list of marks or a marking hidden among others; a human decides': '整行只有一个完整标志，上下几行也是完整标志，且无“示例”等说明：可能是标志的列举，也可能是把本文件的标志藏在其他标志中间；由人工判断',
  '国家 written before the level (国家机密, 国-家-机-密) where the level alone would stand: no standard form, a human decides': '密级前写有"国家"（国家机密、国-家-机-密），位于单独标注密级的位置：非标准写法，须人工判断',
  "in the 密级 column of a register of documents (收文登记簿): an entry's handling, not this document's marking": '位于文件登记簿的“密级”列（收文登记簿）：是所登记文件的管理要求，不是本文件的标志',
  // foreign
  'portion mark with controls at a paragraph start': '段首带管控标记的段落密级标志',
  'the document carries a classification banner': '文档带有密级横幅',
  'the next line defines it (是……国家秘密): a glossary entry': '下一行是对它的释义（是……国家秘密）：属词条',
  'the next line defines it (是指……, 不属于国家秘密……): a glossary entry': '下一行是对它的释义（是指……、不属于国家秘密……）：属词条',
  'written with Cyrillic or Greek letters that look Latin (SЕCRЕT): read as Latin': '用形似拉丁字母的西里尔或希腊字母书写（SЕCRЕT）：按拉丁字母读取',
  'written with Latin letters that look Cyrillic (CEKPETHO): read as Cyrillic': '用形似西里尔字母的拉丁字母书写（CEKPETHO）：按西里尔字母读取',
  '"(C)" reads as a copyright sign': '“(C)”应理解为版权符号',
  'opens its paragraph, no lettered list around it': '位于段首，周围没有字母编号列表',
  'label–value field on its own line': '单独成行的“标签–值”字段',
  'beside a Chinese marking on its line': '与中文密级标志同行',
  'letter-spaced, alone in a table cell': '字母间隔书写，单独位于表格单元格中',
  'alone in a table cell, spaces lost or misplaced': '单独位于表格单元格中（空格缺失或错位）',
  'stands alone on its line, spaces lost or misplaced': '单独成行（空格缺失或错位）',
  'stands on its line beside a precedence mark or copy number': '与紧急程度标记或份号同行',
  'at the top or bottom of the page': '位于页面顶部或底部',
  'opens hidden text': '位于隐藏文字开头',
  'the whole value of a property': '独自构成一项属性的值',
  'between two lines of one wrapped sentence: at most review': '夹在同一句话折行后的两行之间：至多人工复核',
  'broken over two short lines': '断成两个短行',
  'broken over two short lines of a table cell': '在表格单元格中断成两个短行',
  'stands alone in its note': '在脚注或批注中单独成行',
  'letter-spaced, alone in its note': '字母间隔书写，在脚注或批注中单独成行',
  'letter-spaced, alone on its line': '字母间隔书写，单独成行',
  'written vertically, one character a line': '竖排书写，每行一个字符',
  'opens hidden text, letter-spaced': '位于隐藏文字开头，字母间隔书写',
  'Classified By / Declassify On block': '“定密人/解密日期”（Classified By / Declassify On）栏',
  'Controlled By / CUI Category block': '“管控方/CUI 类别”（Controlled By / CUI Category）栏',
  // pii
  'labelled nearby': '附近有标签',
} as const;

const PLACEMENT_ZH: Record<string, string> = {
  field: '字段值',
  'alone-line': '单独成行',
  'alone-cell': '单独位于表格单元格',
  'line-start': '位于行首',
  'short-line': '位于短行中',
  sentence: '位于句子中',
};

const role = (r: string): string => (ROLE_ZH as Record<string, string>)[r] ?? r;

/** 线索的中文说明；带参数的线索按其固定句式识别。 */
function cueZh(cue: string): string {
  const known = (CUE_ZH as Record<string, string>)[cue];
  if (known) return known;
  let m: RegExpExecArray | null;
  if ((m = /^placement: (.+)$/.exec(cue))) return `位置：${PLACEMENT_ZH[m[1]] ?? m[1]}`;
  if ((m = /^in the page (.+)$/.exec(cue))) return `位于${role(m[1])}中`;
  if ((m = /^in a (.+)$/.exec(cue))) return `位于${role(m[1])}中`;
  if ((m = /^hidden from readers \((.+)\): at least review$/.exec(cue))) return `对读者不可见（${role(m[1])}）：至少需人工审查`;
  if ((m = /^(\d+) more (\S+) findings in this part are not listed$/.exec(cue))) return `本部分另有 ${m[1]} 处 ${m[2]} 命中未列出`;
  if ((m = /^"\((.+)\)" is a label in a lettered list$/.exec(cue))) return `“(${m[1]})”是字母编号列表中的序号`;
  if ((m = /^(.+) check passes$/.exec(cue))) return `${m[1]} 校验通过`;
  if ((m = /^one of (\d+) in this part: a list of people$/.exec(cue))) return `本部分共 ${m[1]} 处，属人员名单`;
  return cue;
}

/** 中文的“位置”描述。 */
function locationZh(l: FindingLocation): string {
  const bits: string[] = [];
  const r = role(l.role);
  bits.push(l.role === l.part ? r : `${r}（${l.part}）`);
  if (!l.visible) bits.push('（读者不可见）');
  if (l.container?.length) bits.push(`位于 ${l.container.join(' › ')}`);
  if (l.page !== undefined) bits.push(`第${l.page}页`);
  bits.push(`第${l.line}行第${l.column}列`);
  if (l.paragraph !== undefined) bits.push(l.blockKind === 'ocr-line' ? `识别文字第${l.paragraph}行` : `第${l.paragraph}段`);
  if (l.cell) bits.push(`表格第${l.cell.row}行第${l.cell.column}列`);
  bits.push(`字符 ${l.start}-${l.end}`);
  if (l.box) {
    const b = l.box;
    const n = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
    bits.push(`区域 ${n(b.x)},${n(b.y)} ${n(b.width)}×${n(b.height)} ${b.unit}`);
  }
  return bits.join('，');
}

/** 未读取位置（`page 3`、`file`、`frame 2`）的中文说法；部件名等原样保留。 */
function whereZh(where: string): string {
  let m: RegExpExecArray | null;
  if (where === 'file') return '整个文件';
  if ((m = /^page (\d+)$/.exec(where))) return `第${m[1]}页`;
  if ((m = /^pages (\d+)-(\d+)$/.exec(where))) return `第${m[1]}至${m[2]}页`;
  if ((m = /^frame (\d+)$/.exec(where))) return `第${m[1]}帧`;
  if ((m = /^bytes (\d+)-(\d+)$/.exec(where))) return `字节 ${m[1]}-${m[2]}`;
  return where;
}

const JSON_TYPE_ZH: Record<string, string> = { string: '字符串', integer: '整数', number: '数字', boolean: '布尔值（true 或 false）', object: '对象', array: '数组', null: 'null' };

/** 配置和策略中的键路径：`(top level)` 为顶层。 */
const keyName = (name: string): string => (name === '(top level)' ? '顶层' : name);

/** JSON Schema 校验错误（关键字与参数取自校验器）的中文说法。 */
function schemaInvalidZh(p: { at: string; name: string; keyword: string; params: Record<string, unknown>; message?: string }): string {
  const name = keyName(p.name);
  const q = p.params;
  const v = (x: unknown) => (typeof x === 'string' ? x : JSON.stringify(x));
  let what: string;
  switch (p.keyword) {
    case 'type': {
      const types = String(q.type ?? '').split(',').map((x) => JSON_TYPE_ZH[x] ?? x);
      what = `的类型应为${types.join('或')}`;
      break;
    }
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      what = `应 ${v(q.comparison)} ${v(q.limit)}`;
      break;
    case 'minLength': what = `至少应有 ${v(q.limit)} 个字符`; break;
    case 'maxLength': what = `至多只能有 ${v(q.limit)} 个字符`; break;
    case 'minItems': what = `至少应有 ${v(q.limit)} 项`; break;
    case 'maxItems': what = `至多只能有 ${v(q.limit)} 项`; break;
    case 'minProperties': what = `至少应有 ${v(q.limit)} 个键`; break;
    case 'pattern': what = `不符合格式要求（${v(q.pattern)}）`; break;
    case 'format': what = `不是有效的 ${v(q.format)}`; break;
    case 'const': what = `必须为 ${v(q.allowedValue)}`; break;
    case 'uniqueItems': what = `中有重复项（第 ${v(q.j)} 项与第 ${v(q.i)} 项相同）`; break;
    case 'not': case 'oneOf': case 'anyOf': what = '不符合允许的任何一种写法'; break;
    default: what = `无效${p.message ? `（${p.message}）` : ''}`;
  }
  return `${p.at}：${name} ${what}`;
}

/** 审计记录断裂原因（审计存储的英文句子）。 */
const AUDIT_BROKEN_ZH: Record<string, string> = {
  'link to the previous record does not match its hash': '与上一条记录的链接和其哈希不符',
  'record content does not match its hash (altered)': '记录内容与其哈希不符（已被改动）',
};

/** 网站自查中每个资源的状态（结论或 queued/unread）。 */
const CRAWL_STATE_ZH: Record<string, string> = { block: '禁止发布', review: '需人工审查', pass: '可以发布', queued: '已入队', unread: '未读取' };

/** 规则说明（标题、查找内容、重要性、豁免方法）。 */
export const RULE_ZH = {
  'marking.cn-state-secret': {
    title: '国家秘密标志（密级标志）',
    finds:
      '国家秘密的密级标志：密级（绝密/机密/秘密）、★ 与保密期限、解密时间或解密条件（机密★5年、秘密★6个月、绝密★长期、机密★会议开始前、机密★），包括变形写法：☆ ＊ * 代替 ★，文字识别把 ★ 误读为 女/文/妇/又 或漏掉，PDF 文字层中的空格（机 密 ★ 3 年），全角数字、中文数字、繁体字（機密）、零宽字符。由位置判断：单独成行（+0.3）或单独位于表格单元格（+0.25），位于页眉/页脚/文本框/单元格（+0.15），靠近顶部（+0.1），上一行为份号（+0.15），下方有紧急程度（+0.1），同行符合 GB/T 9704 版头顺序（+0.3），有语句声明材料定为该密级（定为机密★10年，+0.2）；叙述性语句（−0.3）、引号（−0.4）和“写法如”等示例引语（−0.4）降低分值。“国家秘密”“工作秘密”“商业秘密”不是密级。分值 ≥ 0.7 禁止发布，≥ 0.45 需人工审查。隐藏部分（删除的修订、隐藏文字、批注、文档属性）至少需人工审查。此外还识别 docs/markings-taxonomy.md 中的各种形式：密级标签及其值（密级：秘密，包括相邻单元格或相邻行，密级和保密期限：机密★5年）、单独出现在标志位置的密级、文件自述密级（本通知定为秘密级，禁止发布；请按机密件管理、附件涉密，需人工审查）、引用涉密来源、形近字、拆字、拼音和注音写法（机蜜、纟色密、JIMI★5年、ㄐㄧ ㄇㄧˋ★5年，需人工审查）、首行单独括在引号或书名号内且其下为公文的标志（「机密」、《绝密》）以及断行或竖排的文字。示例框、列出全部密级的表格、一般性规定和对表述的讨论均可以发布。',
    why: '带有国家秘密标志的文件绝不能放到连接互联网的网络上（涉密不上网）。即使位于隐藏文字、批注、删除的修订或文档属性中，标志也随文件一起流转。',
    waive:
      '不得豁免真实的密级标志：应先办理解密，或不予发布。仅仅是谈论密级标志的文字（保密法规、以“机密★5年”为例的培训材料），可凭该命中的指纹和理由添加豁免。',
  },
  'marking.cn-lower': {
    title: '内部标志：内部、工作秘密、内部资料、商业秘密',
    finds:
      '作为标志出现的“内部”“内部资料 注意保存”“内部参考”“仅供内部使用”“工作秘密”“商业秘密”（单独成行或单独位于单元格、位于页眉、靠近顶部），传阅限制说明（不得外传、阅后收回、仅供内部参考）以及不予公开的说明（（此件不予公开）、仅限××以上干部阅知、请勿扩散）。最高为需人工审查：必须由人来判断。',
    why: '这些标志没有国家统一格式，也不构成国家秘密，但表明作者无意公开：必须由人来决定。',
    waive: '',
  },
  'marking.foreign': {
    title: '境外密级标志',
    finds:
      '其他国家和组织作为标志出现的密级标志：美国密级横幅（TOP SECRET//NOFORN、SECRET//REL TO USA, GBR）和段落标志（(TS//NF)、(S)；(U) 不算），Classified By / Derived From / Declassify On 栏；英国 SECRET 与 TOP SECRET；北约 NATO RESTRICTED 至 COSMIC TOP SECRET；欧盟 RESTREINT UE/EU RESTRICTED 至 TRÈS SECRET UE/EU TOP SECRET；台湾地区“極機密”“絕對機密”及“密等及解密條件”字段；日本“極秘”；俄罗斯 СЕКРЕТНО、СОВЕРШЕННО СЕКРЕТНО、ОСОБОЙ ВАЖНОСТИ；韩国Ⅰ/Ⅱ/Ⅲ급비밀；中文标志旁的英文保密期限（机密★3年 Classified for 3 years）。处理说明需人工审查：CUI、CONTROLLED、FOR OFFICIAL USE ONLY/FOUO、(U//FOUO)、LAW ENFORCEMENT SENSITIVE、英国 OFFICIAL-SENSITIVE、单独的 CONFIDENTIAL 或 RESTRICTED、日本“秘”和“取扱注意”、俄罗斯 ДСП、韩国 대외비 和 비밀。横幅须全部大写并单独成行（位于页面顶部或底部、页眉或页脚时更强），印章单独成行，段落标志位于段首；也识别断行、每行一个字母、字母间隔或连写的写法。“top secret recipe”、电影名“Top Secret!”、小写的保密声明、“Secret Service”、日文叙述中的“秘”以及新闻句子中的 секретно 都不是标志。',
    why: '其他国家的涉密材料不得发布；出现这类标志也说明需要核查来源。处理说明（FOUO、CUI、ДСП、대외비）表明作者无意公开。',
    waive: '',
  },
  'pii.cn-id-card': {
    title: '居民身份证号',
    finds: '18 位号码，末位为符合 GB 11643 模 11 校验的校验码（0-9 或 X）；校验码不对的不算命中。附近有“身份证”“证件号”等标签时分值提高；同一部分出现三个以上视为名册。',
    why: '公开身份证号会使当事人面临诈骗风险，并违反个人信息保护法律。',
    waive: '',
  },
  'pii.uscc': {
    title: '统一社会信用代码',
    finds: '校验字符符合 GB 32100 的 18 位代码。',
    why: '企业的代码通常是公开的，但在名册中可能指向个体工商户；由人来判断。',
    waive: '',
  },
  'pii.bank-card': {
    title: '银行卡号',
    finds: '通过 Luhn 校验的 16 至 19 位卡号。',
    why: '公开的银行卡号容易被用于诈骗。',
    waive: '',
  },
  'pii.mobile': {
    title: '手机号码',
    finds: '大陆手机号码 1[3-9]xxxxxxxxx，可带 +86 和分隔符。固定电话（0571-87654321）、服务号码（12345、12315、110）和 400/800 号码属于单位公开的联系方式，不算命中。',
    why: '名册和会议纪要中的个人号码未经同意不应公开。',
    waive: '',
  },
  'pii.email': {
    title: '电子邮箱地址',
    finds: '个人的电子邮箱地址。单位的职能邮箱（press@、info@、xinwen@、xxgk@、jubao@、12345@ 等）属于公开联系方式，不算命中。',
    why: '个人邮箱未经同意不应公开。',
    waive: '',
  },
  unread: {
    title: '未读取内容',
    finds: 'prepub 未能完整读取的内容：加密或损坏的文件、超出限制的内容、超时、文字识别无法读取的图片、未扫描的嵌入对象。',
    why: 'prepub 采取“未读即不放行”原则：未读取的内容不能判为可以发布，必须由人查看。',
    waive: '使内容可读（去除密码、转换嵌入对象、在配置中提高限制）后重新扫描，或人工审查。',
  },
  error: {
    title: '文件无法扫描',
    finds: '无法打开或扫描的文件（不存在、无权限、扫描程序出错）。',
    why: '未经扫描的文件不能判为可以发布。',
    waive: '排除消息中指出的原因后重新扫描。',
  },
} as const;

/** 命令行帮助文字（按英文原文查找）。 */
export const HELP_ZH: Record<string, string> = {
  'scan files and folders; prints one verdict per file (block / review / pass)': '扫描文件和文件夹；每个文件给出一个结论（禁止发布 / 需人工审查 / 可以发布）',
  'files or folders to scan; - reads standard input': '要扫描的文件或文件夹；- 表示读取标准输入',
  'in folders, scan only files matching this glob (repeatable)': '在文件夹中只扫描匹配此通配模式的文件（可重复）',
  'in folders, leave out files matching this glob (repeatable)': '在文件夹中跳过匹配此通配模式的文件（可重复）',
  'do not honour .prepubignore files': '不遵循 .prepubignore 文件',
  'name of the document read from standard input (helps format detection)': '从标准输入读取的文档的文件名（有助于识别格式）',
  'output format (default: pretty on a terminal, json otherwise)': '输出格式（默认：终端上为 pretty，否则为 json）',
  'write the report to a file (format from its extension unless --format)': '把报告写入文件（未指定 --format 时按扩展名确定格式）',
  'add a term list (one term a line; a folder adds its .txt files) (repeatable)': '添加词表（每行一个词；文件夹则添加其中的 .txt 文件）（可重复）',
  'add a term list (repeatable)': '添加词表（可重复）',
  'policy file: thresholds, allowlist, waivers': '策略文件：阈值、白名单、豁免',
  'config file (default: prepub.config.json, .prepubrc.json or the "prepub" key of package.json, nearest upward)':
    '配置文件（默认：向上查找最近的 prepub.config.json、.prepubrc.json 或 package.json 的 "prepub" 键）',
  'config file (default: nearest prepub.config.json)': '配置文件（默认：最近的 prepub.config.json）',
  'config file (for failOn and helpUriBase)': '配置文件（用于 failOn 和 helpUriBase）',
  'do not OCR pictures and scans (they are reported unread)': '不对图片和扫描件做文字识别（它们将报告为未读取内容）',
  'lowest verdict that gives a non-zero exit code (default review)': '导致非零退出码的最低结论（默认 review）',
  'show excerpts unmasked (the report then contains what it found)': '摘录不打码（报告中将包含命中的原文）',
  'files scanned at the same time, each read in its own worker thread (default: the number of cores)': '同时扫描的文件数，每个文件在各自的工作线程中读取（默认：CPU 核数）',
  'no progress bar and no closing line on standard error': '标准错误上不显示进度条和结束行',
  'pretty output lists passing files too (default: only files that do not pass); without a progress bar, each file is named on standard error as it starts':
    'pretty 输出也列出可以发布的文件（默认只列出未通过的文件）；不显示进度条时，每个文件开始扫描时在标准错误上列出其名称',
  'write a commented starter prepub.config.json in the current folder': '在当前文件夹写入带注释的初始 prepub.config.json',
  'overwrite an existing file': '覆盖已有文件',
  'explain a rule: what it finds, why, and how to waive it': '说明一条规则：查找什么、为什么重要、如何豁免',
  'rule id, e.g. marking.cn-state-secret (leave out to list the rules)': '规则 id，例如 marking.cn-state-secret（省略则列出全部规则）',
  'scan a labelled corpus (labels.json files) and measure verdict accuracy and speed': '扫描已标注的语料（labels.json 文件），测量结论准确率和速度',
  'folder holding labels.json files': '包含 labels.json 文件的文件夹',
  'print the measurements as JSON (for tracking and --baseline)': '以 JSON 输出测量结果（用于跟踪和 --baseline）',
  'also write the JSON measurements to a file': '同时把 JSON 测量结果写入文件',
  'compare with an earlier --json run': '与先前的 --json 运行结果比较',
  'files scanned at the same time (default 4)': '同时扫描的文件数（默认 4）',
  'no progress bar': '不显示进度条',
  'break results down by label tags, e.g. form,placement': '按标注标签细分结果，例如 form,placement',
  'list at most n misses and n false alarms (counts are always shown)': '最多列出 n 个漏报和 n 个误报（总数总会显示）',
  'run the HTTP review service (tokens from PREPUB_TOKENS=name:secret,…)': '运行 HTTP 审查服务（令牌取自 PREPUB_TOKENS=name:secret,…）',
  'port to listen on': '监听端口',
  'address to listen on (other machines reach it only if asked)': '监听地址（只有指定时其他机器才能访问）',
  'audit trail in this SQLite file (default: ./prepub-audit.sqlite or $PREPUB_AUDIT_DB)': '审计记录保存在此 SQLite 文件中（默认：./prepub-audit.sqlite 或 $PREPUB_AUDIT_DB）',
  'audit trail in PostgreSQL (default: $PREPUB_AUDIT_PG_URL)': '审计记录保存在 PostgreSQL 中（默认：$PREPUB_AUDIT_PG_URL）',
  'keep no audit trail': '不保留审计记录',
  'scans running at once (default: the number of cores)': '同时进行的扫描数（默认：CPU 核数）',
  'requests allowed to wait for a slot (default 2 × concurrency)': '允许排队等待的请求数（默认为并发数的 2 倍）',
  'largest upload in MiB (default 50)': '最大上传大小，单位 MiB（默认 50）',
  'deadline of one request, ms (default 120000)': '单个请求的时限，毫秒（默认 120000）',
  'keep copies of uploads for reviewers in this folder': '在此文件夹中为审查人员保留上传文件的副本',
  'verdicts whose uploads are kept, e.g. block,review': '保留哪些结论的上传文件，例如 block,review',
  'the hash-chained audit trail: list, show, approve, reject, export, verify': '哈希链审计记录：列出、查看、批准、驳回、导出、校验',
  'list records, newest last': '列出记录，最新的在最后',
  'records from this time (ISO 8601)': '从此时间起的记录（ISO 8601）',
  'records before this time (ISO 8601)': '此时间之前的记录（ISO 8601）',
  'only this verdict': '只看此结论',
  'only this caller (token name)': '只看此调用方（令牌名）',
  'only review items without a decision': '只看尚未决定的待审查项',
  'at most n records': '最多 n 条记录',
  'one record and the decisions on it': '一条记录及对其所作的决定',
  'record number': '记录编号',
  'approve a review item': '批准一个待审查项',
  'record number of the review item': '待审查项的记录编号',
  'who decides': '决定人',
  why: '理由',
  'reject a review item': '驳回一个待审查项',
  'export records for archiving': '导出记录以便归档',
  'csv, json or jsonl': 'csv、json 或 jsonl',
  'write to a file (mode 0600) instead of standard output': '写入文件（权限 0600）而不是标准输出',
  'recompute the hash chain; names the first altered or missing record': '重新计算哈希链；指出第一条被改动或缺失的记录',
  'take scan jobs from a Redis queue (BullMQ), scan them and store the results': '从 Redis 队列（BullMQ）领取扫描任务，扫描并保存结果',
  'Redis URL, redis://HOST:PORT (default: PREPUB_QUEUE_URL)': 'Redis 地址，redis://HOST:PORT（默认：PREPUB_QUEUE_URL）',
  'jobs scanned at the same time (default 1)': '同时扫描的任务数（默认 1）',
  'PostgreSQL URL: results and the audit trail are written there too (default: PREPUB_QUEUE_PG_URL)': 'PostgreSQL 地址：结果和审计记录也写入其中（默认：PREPUB_QUEUE_PG_URL）',
  'on SIGTERM, time jobs in flight get to finish before they are handed back': '收到 SIGTERM 时，进行中的任务在交还前可用于完成的时间',
  'job lock duration: a worker that died is noticed after about this long (default 30000)': '任务锁时长：工作进程失效后约经过这么长时间被发现（默认 30000）',
  'the most attempts any job is given (crashes count); must be at least submit --attempts (default 3)': '任一任务的最多尝试次数（崩溃计入）；不得小于 submit --attempts（默认 3）',
  'log only job outcomes': '只记录任务结果',
  'keep excerpts unmasked in stored results': '保存的结果中摘录不打码',
  'enqueue files, folders and URLs for the workers; prints the batch name': '把文件、文件夹和网址加入队列交给工作进程；输出批次名',
  'files, folders or http(s) URLs': '文件、文件夹或 http(s) 网址',
  'batch name (default batch-<time>); submitting to an existing batch adds to it': '批次名（默认 batch-<时间>）；提交到已有批次则追加',
  'in folders, submit only files matching this glob (repeatable)': '在文件夹中只提交匹配此通配模式的文件（可重复）',
  'content up to this size travels in the job; larger by reference (path on shared storage or URL) (default 262144)': '不超过此大小的内容随任务传递；更大的按引用传递（共享存储路径或网址）（默认 262144）',
  'attempts per job, crashes included, before it becomes a dead letter (default 3)': '每个任务成为死信前的尝试次数，含崩溃（默认 3）',
  'delay before the first retry, doubling after each (default 1000)': '首次重试前的延迟，之后每次加倍（默认 1000）',
  'leave dead-lettered content dead instead of giving it another round': '死信内容不再重试',
  'print what was done as JSON': '以 JSON 输出所做的操作',
  'print only the batch name': '只输出批次名',
  'progress of a submitted batch; when finished, its report (as prepub scan) and exit code': '已提交批次的进度；完成后输出其报告（同 prepub scan）和退出码',
  'batch name printed by prepub submit': 'prepub submit 输出的批次名',
  'PostgreSQL URL to read results from when Redis no longer has them (default: PREPUB_QUEUE_PG_URL)': 'Redis 中已无结果时从此 PostgreSQL 地址读取（默认：PREPUB_QUEUE_PG_URL）',
  'wait until every item is scanned or dead-lettered': '等待每一项都扫描完成或成为死信',
  'report format (default: pretty on a terminal, json otherwise)': '报告格式（默认：终端上为 pretty，否则为 json）',
  'no progress; pretty output lists only items that do not pass': '不显示进度；pretty 输出只列出未通过的项',
  'site self-inspection: fetch pages and linked files within a scope and scan them (here, or through --queue)': '网站自查：抓取范围内的网页和链接文件并扫描（在本机或通过 --queue）',
  'the page to start from': '起始网页',
  "only URLs starting with this prefix are fetched (default: the start page's folder)": '只抓取以此前缀开头的网址（默认：起始网页所在目录）',
  'HTML pages fetched at most': '最多抓取的 HTML 网页数',
  'linked files fetched at most': '最多抓取的链接文件数',
  'largest page or file read (default limits.maxFileBytes); larger ones are reported unread': '读取的网页或文件的最大大小（默认 limits.maxFileBytes）；更大的报告为未读取内容',
  'least time between two requests (robots.txt Crawl-delay can raise it)': '两次请求之间的最短间隔（robots.txt 的 Crawl-delay 可将其加大）',
  'time allowed for one request': '单个请求允许的时间',
  'scan through the workers of this Redis queue instead of here': '通过此 Redis 队列的工作进程扫描，而不是在本机扫描',
  'with --queue: the batch name (default crawl-<host>-<time>)': '配合 --queue：批次名（默认 crawl-<主机>-<时间>）',
  'with --queue: PostgreSQL URL to read results from (default: PREPUB_QUEUE_PG_URL)': '配合 --queue：读取结果的 PostgreSQL 地址（默认：PREPUB_QUEUE_PG_URL）',
  'with --queue: print the batch name and return without waiting for the report': '配合 --queue：输出批次名后立即返回，不等待报告',
  "another site whose files pages in scope show or link to are read too (a file server); repeatable": '范围内网页显示或链接的文件所在的另一网站（如文件服务器），其这些文件也一并读取；可重复',
  "do not read the site's sitemaps (robots.txt's, else /sitemap.xml) for pages in scope no page links to": '不读取网站地图（robots.txt 所列，否则 /sitemap.xml）来查找没有网页链接到的范围内网页',
  // exit codes
  'every file passes (with --fail-on block: no file is blocked)': '所有文件均可以发布（使用 --fail-on block 时：没有文件被禁止发布）',
  'the worst verdict is review (unread content and files that could not be opened count here)': '最严重的结论为需人工审查（未读取内容和无法打开的文件计入此类）',
  'the worst verdict is block': '最严重的结论为禁止发布',
  'usage or config error: unknown option, no inputs, invalid config, policy or dictionary': '用法或配置错误：未知选项、没有输入、配置/策略/词表无效',
  'prepub itself failed (the scanner could not be loaded); never caused by a document': 'prepub 自身出错（无法加载扫描程序）；与文档内容无关',
  'interrupted (Ctrl-C): the partial report is written, unfinished files are aborted (review)': '被中断（Ctrl-C）：已写出部分报告，未完成的文件标记为中止（需人工审查）',
  'prepub.config.json written': '已写入 prepub.config.json',
  'usage error, or the file exists and --force was not given': '用法错误，或文件已存在且未指定 --force',
  'the rule (or the list of rules) was printed': '已输出该规则（或规则列表）',
  'usage error or unknown rule id': '用法错误或未知的规则 id',
  "every file's verdict is among its accepted verdicts": '每个文件的结论都在其可接受的结论之内',
  'some file got a verdict its label does not accept': '有文件的结论不被其标注接受',
  'usage or config error': '用法或配置错误',
  'prepub itself failed': 'prepub 自身出错',
  'the service ran and was stopped (SIGINT, SIGTERM)': '服务已运行并被停止（SIGINT、SIGTERM）',
  'usage or config error: unknown option, bad value, no or weak API tokens (PREPUB_TOKENS), invalid config, policy or dictionary': '用法或配置错误：未知选项、取值错误、缺少或过弱的 API 令牌（PREPUB_TOKENS）、配置/策略/词表无效',
  'the service could not start: port in use, audit trail unreachable': '服务无法启动：端口被占用，或无法连接审计记录',
  'done (verify: the chain is intact)': '完成（校验：哈希链完整）',
  'usage error: unknown subcommand or option, bad value, missing --reviewer/--reason, no such record': '用法错误：未知子命令或选项、取值错误、缺少 --reviewer/--reason、记录不存在',
  'verify: the chain is broken; or the trail could not be reached, or refused the decision (already decided)': '校验：哈希链已断；或无法连接审计记录，或决定被拒绝（已作出决定）',
  'stopped by SIGTERM or Ctrl-C after its jobs in flight': '完成进行中的任务后因 SIGTERM 或 Ctrl-C 停止',
  'Redis unreachable or the worker could not start': '无法连接 Redis 或工作进程无法启动',
  'the batch was enqueued (its name is printed)': '批次已入队（已输出其名称）',
  'usage error or no inputs': '用法错误或没有输入',
  'Redis unreachable': '无法连接 Redis',
  'every item passes': '所有项均可以发布',
  'the worst verdict is review (dead letters and unread items are review, never pass)': '最严重的结论为需人工审查（死信和未读取项均为需人工审查，绝不判为可以发布）',
  'usage error or no such batch': '用法错误或批次不存在',
  'the batch is not finished (without --wait)': '批次尚未完成（未指定 --wait）',
  'interrupted while waiting': '等待时被中断',
  'usage error': '用法错误',
  'the batch submitted through --queue did not finish': '通过 --queue 提交的批次未完成',
  interrupted: '被中断',
  'Exit codes:': '退出码：',
  // commander's own
  'display help for command': '显示命令帮助',
  'display help for command ': '显示命令帮助',
  'output the version number': '输出版本号',
};

/** 带细节的服务错误；细节取自错误的参数，解析器自己的英文说明放在括号中。 */
function serverErrorZh(code: string, _message: string, q: Record<string, string | number>): string {
  const base = SERVER_ERROR_ZH[code] ?? `请求失败（${code}）`;
  switch (code) {
    case 'busy':
      return q.retryAfter !== undefined ? `扫描位已满，请 ${q.retryAfter} 秒后重试` : base;
    case 'too-large':
      return q.limit !== undefined ? `请求或上传超出大小限制（${q.limit} 字节）` : base;
    case 'too-many-attachments':
      return q.max !== undefined ? `附件数量超出限制（每篇文章最多 ${q.max} 个）` : base;
    case 'deadline':
      return q.ms !== undefined ? `扫描未能在 ${q.ms} 毫秒内完成，已停止；未放行任何内容` : base;
    case 'invalid-request':
      return q.field !== undefined ? `${base}：${q.field} 必须是${q.expected === 'base64' ? ' base64 字符串' : JSON_TYPE_ZH[String(q.expected)] ?? q.expected}` : base;
    case 'invalid-base64':
      return q.field !== undefined ? `${q.field} 不是有效的 base64` : base;
    case 'not-found':
      return q.what !== undefined ? `未找到：${String(q.what).replace(/^audit (\d+)$/, '审计记录 $1')}` : base;
    case 'invalid-json':
    case 'malformed-multipart':
      // The parser's own words say where the body is broken.
      return q.detail !== undefined ? `${base}（${q.detail}）` : base;
    default:
      return base;
  }
}

/** 扫描错误代码（扫描程序、命令行、队列、网站自查）的中文说法；错误消息本身是英文技术细节。 */
const ERROR_CODE_ZH: Record<string, string> = {
  timeout: '读取超时',
  'extractor-failed': '读取程序出错',
  'detector-failed': '检测程序出错，文字未经完整检查',
  internal: '扫描程序内部错误',
  aborted: '扫描被中止',
  'worker-timeout': '读取超时，读取进程已被停止',
  'worker-limit': '读取时超出内存限制，读取进程已被停止',
  'worker-crashed': '读取进程崩溃',
  ABORTED: '扫描被中止',
  LIMIT: '超出限制，未读取',
  ROBOTS: 'robots.txt 不允许抓取',
  SCOPE: '超出抓取范围',
  DEAD_LETTER: '多次扫描均失败（死信）',
  LOST: '队列丢失了该项',
  SCANNER: '扫描程序出错',
  READ: '无法读取文件',
  ENOENT: '文件不存在',
  EACCES: '没有读取权限',
  EPERM: '没有读取权限',
  EISDIR: '是文件夹而不是文件',
  ERROR: '无法读取',
};

/** 服务错误（按错误代码）。 */
export const SERVER_ERROR_ZH: Record<string, string> = {
  'invalid-token': 'API 令牌无效',
  'missing-token': '需要 API 令牌：Authorization: Bearer <令牌>',
  busy: '扫描位已满，请稍后重试',
  'client-closed': '客户端已断开',
  deadline: '扫描超出时限，未放行任何内容',
  'audit-unavailable': '审计记录无法记录该决定，未放行任何内容',
  'too-large': '请求或上传超出大小限制',
  'too-many-attachments': '附件数量超出限制',
  'malformed-multipart': '无法读取 multipart 请求体',
  'invalid-json': '无法解析 JSON 请求体',
  'invalid-request': '请求格式不正确',
  'invalid-base64': '附件内容不是有效的 base64',
  'empty-body': '请求体为空',
  'no-file': '请求中没有文件',
  'one-file-only': '每个 /v1/scan 请求只能发送一个文件；带附件的文章请使用 /v1/review',
  'unsupported-media-type': '不支持的 Content-Type：请使用 multipart/form-data，或以 application/octet-stream（或文件本身的类型）直接发送文件',
  'audit-off': '本服务未开启审计记录',
  'not-found': '未找到',
  internal: '内部错误；未放行任何内容',
  error: '请求失败',
};

export const zh = {
  'verdict': (p) => VERDICT[p.verdict] ?? p.verdict,
  'severity': (p) => SEVERITY[p.severity] ?? p.severity,
  'role': (p) => role(p.role),
  'unread.reason': (p) => (UNREAD_REASON_ZH as Record<string, string>)[p.reason] ?? p.reason,
  'unread.where': (p) => whereZh(p.where),
  'category': (p) =>
    ({
      'classification-marking': '国家秘密标志',
      'lower-marking': '内部标志',
      'foreign-marking': '境外密级标志',
      'sensitive-term': '敏感词',
      'personal-data': '个人信息',
      'unread-content': '未读取内容',
    })[p.category] ?? p.category,
  'location': (p) => locationZh(p.location),

  'finding.cn-state-secret': (p) =>
    `国家秘密标志 ${p.marking}（密级：${p.level}${p.period ? `，保密期限：${p.period}` : p.until ? `，解密条件：${p.until}` : ''}）`,
  'finding.cn-form': (p) => `${(CN_FORM_ZH as Record<string, string>)[p.form] ?? '密级标志'}：${p.matched}`,
  'finding.cn-lower': (p) => `内部标志 ${p.marking}：不属于国家秘密，但表明文件不宜公开发布`,
  'finding.cn-lower-form': (p) => `${(CN_FORM_ZH as Record<string, string>)[p.form] ?? '内部标志'}：${p.matched}——表明文件不宜公开发布`,
  'finding.foreign': (p) => `${(FOREIGN_FORM_ZH as Record<string, string>)[p.form] ?? '境外密级标志'}：${p.shown}`,
  'finding.foreign-block': (p) =>
    p.form === 'us-authority-block' ? '美国定密授权栏（Classified By / Declassify On）' : '美国受控非密信息标识栏（Controlled By / CUI Category）',
  'finding.pii': (p) => `${(PII_ZH as Record<string, string>)[p.rule] ?? '个人信息'}——个人信息须在发布前审查${p.count !== undefined ? `（本部分共 ${p.count} 处）` : ''}`,
  'finding.term': (p) => `词表命中“${p.term}”（类别：${p.category}）${p.note ? `：${p.note}` : ''}`,
  'finding.hidden': (p) => `${p.message}——位于读者看不到的${role(p.role)}中`,
  'cue': (p) => cueZh(p.cue),

  'unread.detail.loss': (p) => {
    const of = p.total !== undefined ? `（共 ${p.total} 个）` : '';
    switch (p.kind) {
      case 'undecodable-bytes': return `有 ${p.count} 个字节无法解码为文字${of}，相应文字可能读错或缺失`;
      case 'unmapped-glyphs': return `${p.total !== undefined ? `${p.total} 个字形中` : ''}有 ${p.count} 个没有 Unicode 映射（字体未给出对应文字），这些字的内容未能读取`;
      case 'failed-stream': return `有 ${p.count} 个数据流无法读取${of}，其中的内容未读取`;
      case 'skipped-frames': return `图片中有 ${p.count} 帧未读取${of}`;
      case 'skipped-pages': return `有 ${p.count} 页未读取${of}`;
      case 'entry-mismatch': return `文件包的目录与其条目不一致（${p.count} 处）${of}，阅读软件显示的内容可能与本次读取的不同`;
      case 'duplicate-entry': return `文件包中有 ${p.count} 个同名条目${of}，阅读软件可能显示其中任何一个`;
      case 'unreadable-object': return `有 ${p.count} 个对象无法读取${of}`;
      case 'low-text-quality': return `文字中有 ${p.count} 个无效字符${of}（替换字符、私用区字符、残缺代理项或控制字符），部分内容已丢失`;
      default: return `有 ${p.count} 处内容未能转换为文字${of}`;
    }
  },
  'unread.detail.encrypted': () => '文件或其部分内容已加密（设有密码或密钥），没有密码无法读取其内容',
  'unread.detail.corrupt': (p) => `文件或其部分已损坏，无法读取${p.message ? `：${p.message}` : ''}`,
  'unread.detail.cut-short': () => '内容被截断，其余部分缺失，无法读取',
  'unread.detail.undecodable': () => '部分字节无法按文字的编码解码，相应文字可能读错或缺失',
  'unread.detail.wrong-format': () => '文件开头不符合其格式的要求，无法按该格式读取',
  'unread.detail.pages-missing': () => '页面目录未包含文件中的全部页面：损坏或被移除的页面未读取',
  'unread.detail.ocr-page-limit': (p) => `未渲染进行文字识别：本文件需要文字识别的页面超过 ${p.limit} 页`,
  'unread.detail.checksum': () => '与其校验值不符：已损坏或被改动，阅读软件显示的内容可能与本次读取的不同',
  'unread.detail.inflate-error': () => '压缩数据无法解压（已损坏）',
  'unread.detail.not-well-formed': () => '不是格式正确的 XML：无法判断损坏处隐藏了什么内容，因此该部分不算已读取',
  'unread.detail.missing-part': () => '文档引用了文件中不存在的部分，其显示的内容无法读取',
  'unread.detail.directory-damaged': () => '文件包的目录已损坏，只读取了从剩余部分恢复出的条目',
  'unread.detail.file-too-large': (p) => `文件大小 ${p.bytes} 字节，超过 ${p.limit} 字节的限制，未读取`,
  'unread.detail.inflate-limit': (p) => `解压后的大小超过限制${p.limit !== undefined ? `（${p.limit} 字节）` : ''}或压缩比异常（疑似压缩炸弹），其余内容未读取`,
  'unread.detail.entry-limit': (p) => `压缩包的条目数超过限制${p.limit !== undefined ? `（${p.limit} 个）` : ''}`,
  'unread.detail.nesting-limit': (p) => `嵌套层数超过限制${p.depth !== undefined ? `（${p.depth} 层）` : ''}，未读取`,
  'unread.detail.text-limit': (p) => `已达到文字数量限制${p.limit !== undefined ? `（${p.limit} 个字符）` : ''}，超出部分未读取`,
  'unread.detail.page-limit': (p) => `${p.pages !== undefined ? `共 ${p.pages} 页，` : ''}只读取了前 ${p.limit ?? '若干'} 页（页数限制）`,
  'unread.detail.frame-limit': (p) => `图片共 ${p.count} ${p.unit === 'frame' ? '帧' : '页'}，第 ${p.limit} ${p.unit === 'frame' ? '帧' : '页'}之后的未读取`,
  'unread.detail.glyph-limit': (p) => `每页超过 ${p.limit} 个字形的部分未读取`,
  'unread.detail.memory-limit': () => '读取时占用的内存超过限制，已被停止',
  'unread.detail.limit': () => '超出限制，其余内容未读取',
  'unread.detail.timeout': (p) => `读取用时超过${p.ms !== undefined ? ` ${p.ms} 毫秒` : '时限'}，已被停止`,
  'unread.detail.page-timeout': (p) => `${p.page !== undefined ? `第${p.page}页` : '这些页面'}${p.ms !== undefined ? `未能在 ${p.ms} 毫秒内读完` : '在文件读取时限用完前未读完'}`,
  'unread.detail.crashed': (p) => `读取进程在读取时崩溃${p.message ? `（${p.message}）` : ''}`,
  'unread.detail.aborted': () => '扫描在读取这部分内容之前被取消',
  'unread.detail.empty': () => '文件为空：没有可审查的内容，空文件不是文档',
  'unread.detail.ocr-off': () => '图片未读取：文字识别（OCR）已关闭',
  'unread.detail.ocr-not-started': (p) => `图片未读取：文字识别（OCR）无法启动${p.message ? `（${p.message}）` : ''}`,
  'unread.detail.ocr-failed': (p) => `文字识别无法读取这张图片${p.message ? `：${p.message}` : ''}`,
  'unread.detail.ocr-timeout': (p) => `这张图片的文字识别${p.ms !== undefined ? `未能在 ${p.ms} 毫秒内完成` : '未完成'}`,
  'unread.detail.ocr-empty': (p) => `图片上有字迹${p.ink ? `（占 ${p.ink}%）` : ''}，但文字识别未识别出任何文字；其中的手写或变形文字可能被遗漏`,
  'unread.detail.ocr-low-confidence': (p) =>
    `文字识别读取页面顶部${p.line !== undefined ? `第${p.line}行` : '一行'}的置信度只有 ${p.confidence ?? '?'}%，该处的密级标志可能被误读`,
  'unread.detail.picture-format': () => '图片格式不受文字识别支持，其显示的内容未读取',
  'unread.detail.unsupported-format': () => '不支持的格式或对象，其内容未扫描',
  'unread.detail.embedded-object': () => '嵌入对象的内容未扫描',
  'unread.detail.reader-failed': (p) => `${p.format} 读取程序出错${p.message ? `：${p.message}` : ''}`,
  'unread.detail.read-incomplete': (p) => `未能完整读取${p.message ? `：${p.message}` : ''}`,
  'unread.detail.render-failed': (p) => `图片无法渲染以进行文字识别${p.message ? `：${p.message}` : ''}`,
  'unread.detail.not-checked': (p) => `文字已读取但未经检查${p.message ? `：${p.message}` : ''}`,
  'unread.detail.scan-failed': (p) => `扫描失败${p.message ? `：${p.message}` : ''}`,
  'unread.detail.file-not-read': (p) => `文件未读取${p.message ? `：${p.message}` : ''}`,
  'unread.detail.robots': () => 'robots.txt 不允许抓取，因此未读取',
  'unread.detail.out-of-scope': () => '被重定向到抓取范围之外，未读取',
  'unread.detail.crawl-limit': (p) => `未读取：抓取在达到上限时停止（${p.at.replace(/(\d+) pages/, '$1 个网页').replace(/(\d+) files/, '$1 个文件').replace(' and ', '、')}）`,
  'unread.detail.script-pages': (p) => `未抓取：页面脚本生成的列表页超出抓取上限，自此页起共 ${p.count} 页（至 ${p.last}）均未读取`,
  'unread.detail.excluded': (p) => `未读取：默认排除规则（.git、node_modules、.hg、.svn）将被扫描文件夹中的 ${p.folders} 排除在扫描之外，其中有 ${p.count.replace('at least ', '至少 ')} 个文件`,
  'unread.detail.ignored': (p) => `未读取：被扫描文件夹中的此忽略文件将 ${p.count} 项排除在扫描之外：${p.listed}`,
  'unread.detail.dead-letter': (p) => `每次扫描尝试都失败了${p.attempts ? `（共 ${p.attempts} 次${p.last ? `；最后一次：${p.last}` : ''}）` : ''}`,
  'unread.detail.no-such-file': () => '文件或文件夹不存在',
  'unread.detail.no-permission': () => '没有读取权限',
  'unread.detail.lost': () => '既没有找到结果也没有找到任务（队列丢失了它），请重新提交',
  'unread.detail.generic': (p) => `${(UNREAD_REASON_ZH as Record<string, string>)[p.reason] ?? p.reason}：该部分内容未能完整读取，须人工查看`,
  'unread.detail.with-original': (p) => `${p.text}（原文：${p.original}）`,

  'reason.block': (p) => `${p.count} 处命中应禁止发布：${p.rules.join('、')}`,
  'reason.review': (p) => `${p.count} 处命中需人工审查：${p.rules.join('、')}`,
  'reason.unread': (p) =>
    `未完整读取：${p.items.map((u) => `${whereZh(u.where)}（${(UNREAD_REASON_ZH as Record<string, string>)[u.reason] ?? u.reason}）`).join('；')}${p.more > 0 ? `，另有 ${p.more} 处` : ''}`,
  'reason.errors': (p) => `扫描时出错：${p.codes.join('、')}`,
  'reason.pass': () => '已完整读取；没有需人工审查或禁止发布的命中',
  'reason.file-not-read': (p) => `文件未读取：${p.message}`,

  'pretty.findings': (p) => `命中 ${p.count} 处：`,
  'pretty.suppressed': (p) => `已豁免 ${p.count} 处：`,
  'pretty.suppressed-tag': () => '[已豁免]',
  'pretty.score': (p) => `分值 ${p.score}`,
  'pretty.at': (p) => `位置：${p.location}`,
  'pretty.suppressed-by': (p) =>
    `豁免方式：${p.by === 'waiver' ? '豁免' : p.by === 'allowlist' ? '白名单' : p.by}：${p.reason}${p.approvedBy ? `，批准人：${p.approvedBy}` : ''}${p.expires ? `，有效期至 ${p.expires}` : ''}`,
  'pretty.not-read': () => '未读取内容',
  'pretty.unread-item': (p) => `${whereZh(p.where)}：${(UNREAD_REASON_ZH as Record<string, string>)[p.reason] ?? p.reason}——${p.detail}`,
  'pretty.error': () => '错误',
  'error.line': (p) => `${ERROR_CODE_ZH[p.code] ?? '出错'}（${p.code}）：${p.message}`,
  'pretty.head': (p) => `prepub ${p.version}——共 ${p.files} 个文件，用时 ${p.duration}`,
  'pretty.table-head': () => '结论        文件数',
  'pretty.counts': (p) => `命中 ${p.findings} 处，已豁免 ${p.suppressed} 处，未读取内容 ${p.unread} 项，错误 ${p.errors} 个`,
  'pretty.passing-hidden': (p) => `${p.count} 个可以发布的文件未列出（--verbose 可列出）`,
  'pretty.interrupted': (p) => `扫描被中断：${p.count} 个文件未完成（已中止，按需人工审查报告）`,
  'duration': (p) =>
    p.ms < 1000 ? `${Math.round(p.ms)} 毫秒` : p.ms < 60_000 ? `${(p.ms / 1000).toFixed(1)} 秒` : `${Math.floor(Math.round(p.ms / 1000) / 60)} 分 ${Math.round(p.ms / 1000) % 60} 秒`,

  'html.title': (p) => `prepub 审查报告——禁止发布 ${p.block}，需人工审查 ${p.review}，可以发布 ${p.pass}`,
  'html.heading': () => 'prepub 上网信息保密审查',
  'html.summary': (p) => `共扫描 ${p.files} 个文件，用时 ${p.duration} · 命中 ${p.findings} 处 · 已豁免 ${p.suppressed} 处 · 未读取内容 ${p.unread} 项 · 错误 ${p.errors} 个`,
  'html.legend-verdict': () => '结论',
  'html.legend-category': () => '类别',
  'html.columns': () => '规则|级别|位置|摘录|说明|区域',
  'html.not-read': () => '未读取内容',
  'html.suppressed': () => '已豁免',
  'html.score': (p) => `分值 ${p.score}`,
  'html.showing': () => '显示 {shown} / {total} 个文件',

  'explain.list': () => '规则（prepub explain <规则 id> 查看详情）：',
  'explain.term-line': () => '词表命中，每个词表类别一条规则',
  'explain.default-severity': (p) => `默认级别：${SEVERITY[p.severity] ?? p.severity}（${p.severity}）`,
  'explain.detector': (p) => `检测器：${p.summary}`,
  'explain.finds': () => '查找内容：',
  'explain.why': () => '为什么重要：',
  'explain.waive': () => '如何豁免：',
  'explain.more': (p) => `详见：packages/cli/README.md#${p.anchor}`,
  'explain.unknown': (p) => `未知规则“${p.id}”。运行 prepub explain 可列出全部规则。`,
  'rule.title': (p) => (RULE_ZH as Record<string, { title: string }>)[p.id]?.title ?? p.text,
  'rule.finds': (p) => (RULE_ZH as Record<string, { finds: string }>)[p.id]?.finds ?? p.text,
  'rule.why': (p) => (RULE_ZH as Record<string, { why: string }>)[p.id]?.why ?? p.text,
  'rule.waive': (p) => (RULE_ZH as Record<string, { waive: string }>)[p.id]?.waive ?? p.text,
  'rule.waive-generic': () =>
    '如果命中属于误报，可在策略文件的 "waivers" 中添加豁免：' +
    '{ "fingerprint": "<JSON 报告中该命中的指纹>", "reason": "…", "approvedBy": "…", "expires": "YYYY-MM-DD" }。' +
    '此后该命中报告为已豁免，在豁免到期前不再影响结论。' +
    '始终无害的文字（已公开法规的标题、公开的办公电话）应写入策略的 "allowlist"：' +
    '{ "text": "…" 或 "pattern": "…", "ruleId": "<规则或前缀>", "reason": "…" }。' +
    '扫描时用 --policy <文件> 指定，或在 prepub.config.json 中写明该文件。',
  'rule.term-title': (p) => `词表类别“${p.category}”中的词`,
  'rule.term-finds': (p) => `词表中列于类别“${p.category}”下的词（见 README 的 Dictionaries 一节），匹配时忽略全角半角、大小写、繁简和分隔符差异。`,
  'rule.term-why': () => '词表维护者列出这些词，是因为它们出现在公开文字中时需要审查人员把关（项目代号、内部单位名称、敏感话题）。',
  'rule.term-waive': () => '如果该词在任何地方都不应命中，从词表中删除或改变其类别；仅针对一份文档时添加豁免。',

  'cli.description': () => '上网信息保密审查：在文档上网发布前查找密级标志和敏感内容。',
  'cli.help-after-error': () => '（加 --help 查看用法）',
  'cli.exit-codes-all': () =>
    `\n退出码（各命令含义相同；prepub <命令> --help 列出该命令使用的退出码）：\n` +
    `  0 可以发布/完成   1 需人工审查   2 禁止发布   3 用法或配置错误   4 内部错误\n` +
    `  5 操作失败（服务无法启动，无法连接审计记录或队列）   6 批次未完成   130 被中断`,
  'cli.exit-codes': () => '退出码：',
  'cli.lang-option': () => '消息和报告的语言：zh 或 en（默认：配置文件的 "lang"，否则按系统区域设置 LC_ALL/LC_MESSAGES/LANG）',
  'cli.bad-lang': (p) => `--lang 只能是 zh 或 en，收到“${p.value}”`,
  'cli.internal-error': (p) => `内部错误：${p.detail}`,
  'cli.interrupted': () => '已中断，正在停止……',
  'cli.no-files': () => '没有要扫描的文件（文件夹为空或全部被排除）',
  'cli.excluded-folders': (p) => `${p.count} 个文件夹按默认排除规则（.git、node_modules、.hg、.svn）未被遍历：${p.folders}；其中的文件均未读取（用指明该文件夹的 --include 模式，如 '**/.git/**'，或在命令行直接指定该文件夹即可读取）`,
  'cli.stdin-once': () => '标准输入（-）只能指定一次',
  'cli.scanner-not-loaded': (p) => `无法加载扫描程序：${p.detail}`,
  'cli.scanner-not-started': (p) => `无法启动扫描程序：${p.detail}`,
  'cli.scanning': (p) => `正在扫描 ${p.path}`,
  'cli.written': (p) =>
    `共 ${p.files} 个文件：禁止发布 ${p.block}，需人工审查 ${p.review}，可以发布 ${p.pass}${p.aborted !== undefined ? `，中止 ${p.aborted}` : ''}；${p.format} 报告已写入 ${p.output}`,
  'cli.int-min': (p) => `${p.flag} 必须是不小于 ${p.min} 的整数，收到“${p.value}”`,
  'cli.int-range': (p) => `${p.flag} 必须是 ${p.min} 到 ${p.max} 之间的整数，收到“${p.value}”`,
  'cli.help': (p) => HELP_ZH[p.text] ?? p.text,

  'serve.listening': (p) => `prepub 审查服务正在监听 ${p.url}`,
  'serve.stopping': () => 'prepub 审查服务正在停止：等待进行中的请求完成',
  'serve.stopped': () => 'prepub 审查服务已停止',
  'serve.could-not-start': (p) => `服务无法启动：${p.message}`,
  'serve.bad-setting': (p) => `serve 的设置有误：${p.message}`,
  'serve.token-format': (p) => `PREPUB_TOKENS 的每一项必须是 名称:密钥，收到“${p.shown}…”`,
  'serve.no-tokens': () => '未配置 API 令牌：请设置 PREPUB_TOKENS=名称:密钥（服务不会在无令牌的情况下开放运行）',
  'serve.token-name': (p) => `令牌名“${p.name}”必须由 1 至 64 个字母、数字或 . _ @ - 组成`,
  'serve.token-twice': (p) => `令牌名“${p.name}”重复使用`,
  'serve.token-short': (p) => `令牌“${p.name}”的密钥少于 16 个字符`,
  'serve.quarantine-verdicts': (p) => `--quarantine-verdicts 只能取 block、review、pass，收到“${p.value}”`,
  'audit.verified': (p) => `审计记录校验通过：共 ${p.records} 条记录，链头哈希 ${p.head}`,
  'audit.broken': (p) => `审计记录在第 ${p.seq} 条处断裂：${AUDIT_BROKEN_ZH[p.reason] ?? p.reason}`,
  'audit.no-record': (p) => `没有编号为 ${p.id} 的审计记录`,
  'worker.taking': (p) => `正在从 ${p.url} 领取任务；收到 SIGTERM 或 Ctrl-C 后，完成进行中的任务再停止（宽限 ${p.grace} 毫秒）`,
  'worker.stopping': () => '正在停止：不再领取新任务，等待进行中的任务完成',
  'worker.stopped': (p) => `已停止：扫描完成 ${p.completed} 个，失败 ${p.failed} 次，交还 ${p.returned} 个`,
  'worker.could-not-start': (p) => `工作进程无法启动：${p.message}`,
  'submit.stdin': () => 'submit 只读取文件、文件夹和网址，不读取标准输入',
  'submit.bad-batch': (p) => `--batch 必须由 1 至 128 个字母、数字或 . _ - @ + 组成，收到“${p.value}”`,
  'submit.nothing': () => '没有可提交的内容（文件夹为空或全部被排除）',
  'submit.summary': (p) =>
    `批次 ${p.batch}：共 ${p.items} 项；本次入队 ${p.enqueued}，已扫描过 ${p.cached}，已在队列中 ${p.queued}，死信重试 ${p.revived}，无法读取 ${p.unreadable}（配置指纹 ${p.profile}）`,
  'submit.follow': (p) => `查看进度：prepub status --queue ${p.url} ${p.batch} --wait`,
  'status.progress': (p) =>
    `批次 ${p.batch}：已扫描 ${p.done}，扫描中 ${p.active}，等待 ${p.waiting}，重试中 ${p.retrying}，死信 ${p.dead}，无法读取 ${p.unreadable}，共 ${p.total} 项`,
  'status.no-batch': (p) => `${p.url} 中没有名为 ${p.batch} 的批次`,
  'queue.written': (p) => `共 ${p.files} 项：禁止发布 ${p.block}，需人工审查 ${p.review}，可以发布 ${p.pass}；${p.format} 报告已写入 ${p.output}`,
  'queue.unreachable': (p) => {
    const m = /^cannot reach Redis at (\S+): (.*)$/s.exec(p.message);
    return m ? `无法连接 Redis（${m[1]}）：${m[2]}` : `无法连接队列：${p.message}`;
  },
  'init.exists': (p) => `${p.file} 已存在；使用 --force 覆盖`,
  'init.wrote': (p) => `已写入 ${p.file}`,
  'queue.required': () => '需要 --queue redis://HOST:PORT（或设置 PREPUB_QUEUE_URL）',
  'queue.bad-url': (p) => `--queue 必须是 redis:// 地址，收到“${p.value}”`,
  'cli.whole-number': (p) => `${p.flag} 必须是 ${p.min} 到 ${p.max} 之间的整数，收到“${p.value}”`,
  'crawl.bad-start': (p) => `起始网页必须是 http(s) 网址，收到“${p.value}”`,
  'crawl.progress': (p) => `${CRAWL_STATE_ZH[p.state] ?? p.state}（${p.state}） ${p.url}`,
  'crawl.submitted': (p) => `已将 ${p.pages} 个网页和 ${p.files} 个文件作为批次 ${p.batch} 提交`,
  'crawl.summary': (p) => `抓取：网页 ${p.pages} 个，文件 ${p.files} 个，${p.scope} 范围外的 ${p.outOfScope} 个链接未跟踪；robots.txt：${p.robots === 'applied' ? '已遵循' : p.robots === 'absent' ? '无' : p.robots}。`,
  'crawl.linked-from': () => '链接来源：',
  'crawl.off-site': (p) => `范围内网页显示或链接的 ${p.count} 个文件位于其他网站，未读取（抓取只在起始网页的源站内进行），请在其所在网站另行检查：`,
  'bench.head': (p) => `prepub bench ${p.corpus}：共 ${p.files} 个文件，结论正确 ${p.correct} 个（${p.accuracy}）`,
  'bench.misses': (p) => `漏报（${p.count}）：结论比标注宽松`,
  'bench.false-alarms': (p) => `误报（${p.count}）：结论比标注严格`,
  'bench.wrong-file': (p) => `${p.path}：应为 ${p.expected}，实际为 ${p.actual}${p.note ? `——标注说明：${p.note}` : ''}`,
  'bench.reason': (p) => `原因：${p.reason}`,
  'bench.not-read': (p) => `未完整读取的文件（${p.count}）`,
  'bench.throughput': (p) =>
    `吞吐量：每秒 ${p.filesPerSec} 个文件，${p.mbPerSec} MB/秒` +
    (p.pagesPerSec !== undefined ? `，每秒 ${p.pagesPerSec} 页` : '') +
    (p.ocrPagesPerSec !== undefined ? `，每秒文字识别 ${p.ocrPagesPerSec} 页` : '') +
    `（总用时 ${p.wall} 秒，每个文件 p50 ${p.p50} 毫秒，p95 ${p.p95} 毫秒）`,

  'config.unknown-key': (p) =>
    `${p.at}：未知的键“${p.key}”${p.inside ? `（位于 ${keyName(p.inside)} 中）` : ''}${p.hint ? `（是否应为“${p.hint}”？）` : p.known?.length ? `（可用的键：${p.known.join('、')}）` : ''}`,
  'config.enum': (p) => `${p.at}：${keyName(p.name)} 只能是 ${p.allowed.join('、')} 之一`,
  'config.required': (p) => `${p.at}：${keyName(p.name)} 缺少必需的“${p.missing}”`,
  'config.text-or-pattern': (p) => `${p.at}：${keyName(p.name)} 需要 "text" 或 "pattern"`,
  'config.invalid': (p) => schemaInvalidZh(p),
  'config.not-valid-policy': (p) => `${p.at}：不是有效的策略`,
  'config.schema-mismatch': (p) => `${p.file}：不符合 ${p.schema}`,
  'config.unknown-rule': (p) => `${p.at}：未知的规则 id“${p.id}”${p.hint ? `（是否应为“${p.hint}”？）` : ''}${p.explain ? '；prepub explain 可列出全部规则' : ''}`,
  'config.invalid-json': (p) => `${p.at}：不是有效的 JSON${p.code ? `（${p.code}）` : '：文件为空'}`,
  'config.policy-not-found': (p) => `找不到策略文件：${p.file}${p.message ? `（${p.message}）` : ''}`,
  'config.policy-unreadable': (p) => `无法读取策略文件 ${p.file}：${p.message}`,
  'config.cannot-read': (p) => `无法读取配置文件 ${p.file}：${p.message ?? '文件不存在'}`,
  'config.no-prepub-key': (p) => `${p.file}：没有 "prepub" 键`,
  'config.dictionary-not-found': (p) => `找不到词表：${p.file}`,
  'policy.thresholds': () => 'thresholds（阈值）：须满足 0 < review ≤ block ≤ 1',
  'policy.unread': () => 'unread：只能是 "review" 或 "block"（未读取内容绝不判为可以发布）',
  'policy.allow-needs-text': (p) => `allowlist[${p.index}]：需要 "text" 或 "pattern"`,
  'policy.allow-needs-reason': (p) => `allowlist[${p.index}]：缺少 "reason"（理由）`,
  'policy.bad-pattern': (p) => `allowlist[${p.index}]：pattern 不是有效的正则表达式：${p.message}`,
  'policy.waiver-fields': (p) => `waivers[${p.index}]：需要 fingerprint、reason、approvedBy 和 expires（YYYY-MM-DD）`,

  'review.item': (p) => `${p.kind === 'article' ? '文章正文' : p.kind === 'field' ? `字段 ${p.filename ?? ''}` : `附件 ${(p.index ?? 0) + 1}（${p.filename ?? ''}）`}：${p.text}`,
  'review.not-read': () => '未完整读取',
  'review.empty': () => '无可审查的内容：请求中既没有文章正文，也没有附件',
  'server.error': (p) => serverErrorZh(p.code, p.message, p.params ?? {}),
} satisfies Messages;
