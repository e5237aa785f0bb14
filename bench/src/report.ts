/** One titled markdown table of the benchmark report, plus the notes that explain it. */
export interface Section {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  /** Shown under the table: method, baselines, skipped parts and why. */
  notes: string[];
}

/** Renders sections as markdown: "## title", a pipe table, then notes as a bullet list. */
export function renderMarkdown(sections: Section[], heading: string): string {
  const parts = [`# ${heading}`, ''];
  for (const section of sections) {
    parts.push(`## ${section.title}`, '');
    parts.push(`| ${section.columns.join(' | ')} |`, `| ${section.columns.map(() => '---').join(' | ')} |`);
    for (const row of section.rows) parts.push(`| ${row.map(String).join(' | ')} |`);
    parts.push('');
    for (const note of section.notes) parts.push(`- ${note}`);
    if (section.notes.length > 0) parts.push('');
  }
  return parts.join('\n');
}
