//! Human output of `check`: rustc-style snippets with the evidence under
//! them, coloured as `--color` says. Labels and the summary line follow the
//! draft's language (the messages do too); severities and finding codes
//! stay as they are, since `--fail-on` and the JSON use them. Everything
//! taken from drafts, the corpus or file names goes through [`printable`],
//! so no escape sequence reaches the terminal.

use std::io::Write;

use super::check::CheckedFile;
use super::OutputStyle;
use crate::check::{Finding, Severity};
use crate::text::{printable, Lang};

/// The words of the human output in one language.
struct Labels {
    archive: &'static str,
    fix: &'static str,
}

fn labels(lang: Lang) -> Labels {
    match lang {
        Lang::De => Labels {
            archive: "Archiv",
            fix: "Korrektur",
        },
        Lang::En => Labels {
            archive: "archive",
            fix: "fix",
        },
    }
}

/// `1 file checked: 2 warnings, 0 infos` in `lang`.
fn summary(lang: Lang, files: usize, warnings: usize, infos: usize) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match lang {
        Lang::De => format!(
            "{} geprüft: {}, {}",
            plural(files, "Datei", "Dateien"),
            plural(warnings, "Warnung", "Warnungen"),
            plural(infos, "Hinweis", "Hinweise")
        ),
        Lang::En => format!(
            "{} checked: {}, {}",
            plural(files, "file", "files"),
            plural(warnings, "warning", "warnings"),
            plural(infos, "info", "infos")
        ),
    }
}

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

fn severity_colour(s: Severity) -> &'static str {
    match s {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "1;36",
    }
}

fn write_finding(
    out: &mut impl Write,
    file: &CheckedFile,
    f: &Finding,
    paint: &Paint,
) -> std::io::Result<()> {
    let text = &file.input.text;
    let lines = &file.report.extraction.lines;
    let start = lines.position(text, f.range.start);
    let line_start = lines.line_start(start.line - 1);
    let line_text = text[line_start..]
        .split('\n')
        .next()
        .unwrap_or("")
        .trim_end_matches('\r');
    let end_in_line = (f.range.end.min(line_start + line_text.len())).max(f.range.start);
    let underline_len = text
        .get(f.range.start..end_in_line)
        .map_or(1, |s| s.chars().count().max(1));
    let words = labels(file.report.lang);
    let gutter = start.line.to_string().len();
    let pad = " ".repeat(gutter);
    writeln!(
        out,
        "{}{} {}",
        paint.wrap(
            severity_colour(f.severity),
            &format!("{}[{}]", f.severity.as_str(), f.code.as_str())
        ),
        paint.wrap("1", ":"),
        paint.wrap("1", &printable(&f.message))
    )?;
    writeln!(
        out,
        "{pad}{} {}:{}:{}",
        paint.wrap("1;34", "-->"),
        printable(&file.input.display_path()),
        start.line,
        start.column
    )?;
    writeln!(out, "{pad} {}", paint.wrap("1;34", "|"))?;
    writeln!(
        out,
        "{} {} {}",
        paint.wrap("1;34", &start.line.to_string()),
        paint.wrap("1;34", "|"),
        printable(line_text)
    )?;
    writeln!(
        out,
        "{pad} {} {}{}",
        paint.wrap("1;34", "|"),
        " ".repeat(start.column - 1),
        paint.wrap(severity_colour(f.severity), &"^".repeat(underline_len))
    )?;
    for e in &f.evidence {
        writeln!(
            out,
            "{pad} {} {}: {}",
            paint.wrap("1;34", "="),
            words.archive,
            printable(&e.source_label())
        )?;
        writeln!(
            out,
            "{pad}   {}",
            paint.wrap("2", &format!("“{}”", printable(&e.excerpt)))
        )?;
    }
    if let Some(fix) = &f.fix {
        writeln!(
            out,
            "{pad} {} {}: {}",
            paint.wrap("1;34", "="),
            words.fix,
            paint.wrap("32", &printable(&fix.text))
        )?;
    }
    writeln!(out)
}

/// Writes every finding, then (unless `--quiet`) a summary line in the
/// drafts' language (English when they differ).
pub fn write_findings(
    out: &mut impl Write,
    files: &[CheckedFile],
    style: OutputStyle,
) -> std::io::Result<()> {
    let paint = Paint { on: style.colour };
    let mut counts = [0usize; 3];
    for file in files {
        for f in &file.report.findings {
            write_finding(out, file, f, &paint)?;
            counts[f.severity as usize] += 1;
        }
    }
    if style.quiet {
        return Ok(());
    }
    let lang = match files.first().map(|f| f.report.lang) {
        Some(first) if files.iter().all(|f| f.report.lang == first) => first,
        _ => Lang::En,
    };
    let warnings = counts[Severity::Warning as usize] + counts[Severity::Error as usize];
    writeln!(
        out,
        "{}",
        summary(lang, files.len(), warnings, counts[Severity::Info as usize])
    )
}
