const LABEL =
  /^(第[一二三四五六七八九十百零〇]+[部分章节条]|[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十百]+[)）]|\d+[.、．]|[（(]\d+[)）]|[①-⑳])\s*/;

/** Splits a printed heading into its label and its words: `(一)优化税收` → `(一)`, `优化税收`. */
export function splitHeading(heading: string): { label: string; text: string } {
  const match = LABEL.exec(heading);
  return match ? { label: match[1], text: heading.slice(match[0].length) || heading } : { label: '', text: heading };
}

export interface SectionDraft {
  /** The headings from the document's top down to this one. */
  path: string[];
  label: string;
  heading: string;
  level: number;
  position: number;
  spanStart: number;
  spanEnd: number;
}

/**
 * The heading tree of a document, rebuilt from its tasks' heading paths; each
 * section spans from its first task to its last.
 */
export function sectionTree(tasks: Array<{ path: string[]; span: { start: number; end: number } }>): SectionDraft[] {
  const sections = new Map<string, SectionDraft>();
  for (const task of tasks) {
    task.path.forEach((heading, depth) => {
      const path = task.path.slice(0, depth + 1);
      const key = path.join('\u0000');
      const existing = sections.get(key);
      if (existing) {
        existing.spanStart = Math.min(existing.spanStart, task.span.start);
        existing.spanEnd = Math.max(existing.spanEnd, task.span.end);
        return;
      }
      const { label, text } = splitHeading(heading);
      sections.set(key, {
        path,
        label,
        heading: text,
        level: depth + 1,
        position: sections.size,
        spanStart: task.span.start,
        spanEnd: task.span.end,
      });
    });
  }
  return [...sections.values()];
}

export function pathKey(path: string[]): string {
  return path.join('\u0000');
}
