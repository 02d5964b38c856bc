/**
 * The language of the command's messages, help and reports: `--lang zh|en`, else the config's
 * `lang` (commands that read a config), else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`:
 * `zh_CN.UTF-8` → zh), else English. `--lang` is taken off the arguments before commander parses
 * them, so the help can be built in the chosen language and every subcommand accepts it.
 */
import { Help, type Command, type Option, type Argument } from 'commander';
import { langFromEnv, parseLang, t, type Lang } from '@prepub/core';

export type { Lang };

/** `--lang` taken out of `argv` (anywhere before `--`); `bad` holds a value that is neither zh nor en. */
export function extractLang(argv: readonly string[]): { argv: string[]; lang?: Lang; bad?: string } {
  const out: string[] = [];
  let lang: Lang | undefined;
  let bad: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    let value: string | undefined;
    if (a === '--lang') value = argv[++i] ?? '';
    else if (a.startsWith('--lang=')) value = a.slice('--lang='.length);
    else {
      out.push(a);
      continue;
    }
    const parsed = value === 'zh' || value === 'en' ? value : undefined;
    if (parsed) lang = parsed;
    else bad = value;
  }
  return { argv: out, ...(lang ? { lang } : {}), ...(bad !== undefined ? { bad } : {}) };
}

/** The language before any config is read: `--lang`, else the locale. */
export function initialLang(flag: Lang | undefined, env: Readonly<Record<string, string | undefined>>): Lang {
  return flag ?? langFromEnv(env);
}

/** The language a command that read a config uses: `--lang`, else the config's `lang`, else the locale. */
export function commandLang(flag: Lang | undefined, configured: string | undefined, env: Readonly<Record<string, string | undefined>>): Lang {
  return flag ?? parseLang(configured) ?? langFromEnv(env);
}

/**
 * The language of a command that read its config (`--lang`, the config's `lang`, the locale), made
 * the run's language: its run-time messages and reports follow it.
 */
export function useCommandLang(flag: Lang | undefined, configured: string | undefined, env: Readonly<Record<string, string | undefined>>): Lang {
  helpLang = commandLang(flag, configured, env);
  return helpLang;
}

/** {@link useCommandLang} with the `--lang` `main` found. */
export function useConfigLang(configured: string | undefined, env: Readonly<Record<string, string | undefined>>): Lang {
  return useCommandLang(flagLang, configured, env);
}

/** The language `--lang` named, if it was given. */
let flagLang: Lang | undefined;

/** The language help texts are built in while `main` registers the subcommands. */
let helpLang: Lang = 'en';

/** Sets the language {@link helpText} translates into (called by `main` before it builds the program). */
export function setHelpLang(lang: Lang, flag?: Lang): void {
  helpLang = lang;
  flagLang = flag;
}

/** The language `main` picked for this run (`--lang`, else the locale). */
export function currentLang(): Lang {
  return helpLang;
}

/** A `--help` text in the help language. */
export function helpText(text: string): string {
  return t(helpLang, 'cli.help', { key: text, text });
}

const TITLES_ZH: Record<string, string> = {
  'Usage:': '用法：',
  'Options:': '选项：',
  'Commands:': '命令：',
  'Arguments:': '参数：',
  'Global Options:': '全局选项：',
};

const EXTRAS_ZH: Record<string, string> = { default: '默认', choices: '可选值', env: '环境变量', preset: '预设' };

/** Help settings for `lang`: section titles in the language. */
export function helpConfiguration(lang: Lang): Partial<Help> {
  if (lang === 'en') return {};
  // Commander appends "(default: …)", "(choices: …)" to descriptions; those words in the language too.
  const extras = (s: string) =>
    s.replace(/\((default|choices|env|preset): ([^()]*)\)$/, (_m, k: string, v: string) => `（${EXTRAS_ZH[k] ?? k}：${v}）`);
  return {
    styleTitle: (s: string) => TITLES_ZH[s] ?? s,
    optionDescription(this: Help, o: Option) {
      return extras(Help.prototype.optionDescription.call(this, o));
    },
    argumentDescription(this: Help, a: Argument) {
      return extras(Help.prototype.argumentDescription.call(this, a));
    },
  };
}

/**
 * Puts every description of `program` and its subcommands (commands, arguments, options) into
 * `lang`, and adds `--lang` to each command's option list (it is read before parsing).
 */
export function localizeProgram(program: Command, lang: Lang): void {
  const visit = (cmd: Command): void => {
    if (cmd.parent) cmd.description(helpText(cmd.description()));
    for (const a of cmd.registeredArguments) if (a.description) a.description = helpText(a.description);
    for (const o of cmd.options) if (o.description) o.description = helpText(o.description);
    if (!cmd.commands.length) cmd.option('--lang <lang>', t(lang, 'cli.lang-option'));
    for (const sub of cmd.commands) visit(sub);
  };
  visit(program);
  program.option('--lang <lang>', t(lang, 'cli.lang-option'));
}

/** Commander's own error lines (unknown option, missing argument …) in `lang`. */
export function commanderMessage(lang: Lang, text: string): string {
  if (lang === 'en') return text;
  const rules: Array<[RegExp, (...m: string[]) => string]> = [
    [/^error: unknown option '(.+)'$/m, (o) => `错误：未知选项“${o}”`],
    [/^error: unknown command '(.+)'$/m, (c) => `错误：未知命令“${c}”`],
    [/^error: missing required argument '(.+)'$/m, (a) => `错误：缺少必需的参数“${a}”`],
    [/^error: option '(.+)' argument missing$/m, (o) => `错误：选项“${o}”缺少参数值`],
    [/^error: too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+)\.$/m, (c, n, g) => `错误：${c ? `“${c}”的` : ''}参数过多，应为 ${n} 个，实际 ${g} 个`],
    [/^error: option '(.+)' argument '(.+)' is invalid\. Allowed choices are (.+)\.$/m, (o, v, c) => `错误：选项“${o}”的值“${v}”无效，可选值为 ${c}`],
    [/^\(Did you mean (.+)\?\)$/m, (s) => `（是否要输入 ${s}？）`],
    [/^error: (.+)$/m, (rest) => `错误：${rest}`],
  ];
  return text
    .split('\n')
    .map((line) => {
      for (const [re, fn] of rules) {
        const m = re.exec(line);
        if (m) return fn(...m.slice(1));
      }
      return line;
    })
    .join('\n');
}
