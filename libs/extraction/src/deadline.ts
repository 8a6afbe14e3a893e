import { parseChineseNumeral } from './numerals.js';

export interface DeadlineMatch {
  raw: string;
  date: string | null;
  ongoing: boolean;
  /** offset of the match in the searched string */
  index: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function endOfMonth(year: number, month: number): string | null {
  if (month < 1 || month > 12) return null;
  return `${year}-${pad(month)}-${pad(lastDayOfMonth(year, month))}`;
}

function validDay(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > lastDayOfMonth(year, month)) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

const ONGOING = /持续推进|持续开展|长期坚持|长期推进|长期有效|常态化推进|持续实施|长期实施|持续落实|长期/;

const YEAR = '(\\d{4})\\s*年';
const NUM = '(\\d{1,2}|[一二三四五六七八九十]{1,3})';
/** Ordered: the more specific forms first. */
const FORMS: { re: RegExp; toDate: (m: RegExpExecArray) => string | null }[] = [
  {
    re: new RegExp(`${YEAR}\\s*${NUM}\\s*月\\s*${NUM}\\s*日`, 'y'),
    toDate: (m) => validDay(+m[1], num(m[2]), num(m[3])),
  },
  {
    re: new RegExp(`${YEAR}\\s*(?:第\\s*)?([一二三四1-4])\\s*季度`, 'y'),
    toDate: (m) => endOfMonth(+m[1], num(m[2]) * 3),
  },
  { re: new RegExp(`${YEAR}\\s*上半年`, 'y'), toDate: (m) => endOfMonth(+m[1], 6) },
  { re: new RegExp(`${YEAR}\\s*下半年`, 'y'), toDate: (m) => endOfMonth(+m[1], 12) },
  {
    re: new RegExp(`${YEAR}\\s*${NUM}\\s*月\\s*(?:份|底|末|中旬|上旬|下旬)?`, 'y'),
    toDate: (m) => endOfMonth(+m[1], num(m[2])),
  },
  { re: new RegExp(`${YEAR}\\s*(?:底|末|年底|年末|内)?`, 'y'), toDate: (m) => endOfMonth(+m[1], 12) },
  { re: /(\d{4})\s*(?:年|-|\.)\s*(\d{1,2})\s*(?:月)?/y, toDate: (m) => endOfMonth(+m[1], +m[2]) },
];

function num(s: string): number {
  return /^\d+$/.test(s) ? Number(s) : parseChineseNumeral(s);
}

/** Parses the value of an explicit deadline field such as `完成时限:2020 年 12 月底`. */
export function parseDeadlineValue(raw: string): DeadlineMatch | null {
  const value = raw.trim();
  if (!value) return null;
  for (let i = 0; i < value.length; i++) {
    if (!/\d/.test(value[i])) continue;
    for (const form of FORMS) {
      form.re.lastIndex = i;
      const m = form.re.exec(value);
      if (m) {
        const date = form.toDate(m);
        if (date) return { raw: value, date, ongoing: false, index: 0 };
      }
    }
    break;
  }
  if (ONGOING.test(value) || /持续|长期|常态/.test(value)) return { raw: value, date: null, ongoing: true, index: 0 };
  return null;
}

/**
 * Deadlines written inside a sentence: `2021年6月底前`, `2019年底前`, `到2020年`,
 * `2021年一季度`. A bare date (a policy's start or expiry) is not a deadline: only dates
 * with a deadline cue (前, 底, 完成, 到…年, 季度, 半年) count.
 */
export function findInlineDeadlines(text: string): DeadlineMatch[] {
  const found: DeadlineMatch[] = [];
  const re =
    /(到|至|于|在)?(\d{4})\s*年\s*(?:(?:第\s*)?[一二三四1-4]\s*季度|[上下]半年|(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?:(?:\d{1,2})\s*日|底|末|中旬|下旬|上旬)?|底|末)?\s*(前|以前|之前|底前|完成|基本完成|全面完成|实现|建成)?/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const [whole, lead, , tail] = whole3(m);
    const before = text.slice(Math.max(0, m.index - 6), m.index);
    const after = text.slice(m.index + whole.length, m.index + whole.length + 6);
    // expiry and entry into force are not task deadlines
    if (
      /有效期|施行|实施之日|截至|截止|期限为|自$|从$/.test(before + '|') ||
      /^起|^(?:起)?(?:施行|实施)|^至|^到|^-/.test(after)
    )
      continue;
    const hasCue = !!tail || /底|末|季度|半年/.test(whole) || (lead === '到' && /^[,，、]?/.test(after));
    if (!hasCue) continue;
    const value = parseDeadlineValue(whole.replace(/^(到|至|于|在)/, ''));
    if (!value?.date) continue;
    found.push({ raw: whole.replace(/^(于|在)/, ''), date: value.date, ongoing: false, index: m.index });
  }
  return found;
}

function whole3(m: RegExpExecArray): [string, string | undefined, string, string | undefined] {
  return [m[0], m[1], m[2], m[3]];
}

export function isOngoingPhrase(s: string): boolean {
  return ONGOING.test(s);
}
