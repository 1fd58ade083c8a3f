//! Human output of `check`: rustc-style snippets with the evidence under
//! them, coloured only on a terminal and never with `NO_COLOR`. Everything
//! taken from drafts, the corpus or file names goes through
//! [`printable`], so no escape sequence reaches the terminal.

use std::io::Write;

use super::check::CheckedFile;
use crate::check::{Finding, Severity};
use crate::text::printable;

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
            "{pad} {} archive: {}",
            paint.wrap("1;34", "="),
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
            "{pad} {} fix: {}",
            paint.wrap("1;34", "="),
            paint.wrap("32", &printable(&fix.text))
        )?;
    }
    writeln!(out)
}

pub fn write_findings(
    out: &mut impl Write,
    files: &[CheckedFile],
    colour: bool,
) -> std::io::Result<()> {
    let paint = Paint { on: colour };
    let mut counts = [0usize; 3];
    for file in files {
        for f in &file.report.findings {
            write_finding(out, file, f, &paint)?;
            counts[f.severity as usize] += 1;
        }
    }
    writeln!(
        out,
        "{} file{} checked: {} warning{}, {} info{}",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        counts[Severity::Warning as usize] + counts[Severity::Error as usize],
        if counts[Severity::Warning as usize] + counts[Severity::Error as usize] == 1 {
            ""
        } else {
            "s"
        },
        counts[Severity::Info as usize],
        if counts[Severity::Info as usize] == 1 {
            ""
        } else {
            "s"
        },
    )
}
