//! Reading articles: `.txt`/`.md` files with optional YAML (`---`) or TOML
//! (`+++`) front matter, and `.jsonl` files with one article per line. Bad
//! input becomes a [`LoadError`] naming the file and line, never a panic.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::text::markdown::front_matter_end;
use crate::text::{printable, Lang};

/// One article of the reference corpus (or a draft).
#[derive(Clone, Debug)]
pub struct Article {
    pub path: PathBuf,
    /// For `.jsonl` articles: the 1-based line the article is on.
    pub jsonl_line: Option<usize>,
    pub id: Option<String>,
    pub title: Option<String>,
    pub date: Option<jiff::civil::Date>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub lang: Option<Lang>,
    /// The whole text, front matter included (masked when read), so that
    /// byte offsets and lines are those of the file.
    pub text: String,
    /// Whether to read the text as Markdown.
    pub markdown: bool,
}

/// Why a file or line was skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

/// Shown as `path[:line]: message`, with control characters made visible
/// (file names and quoted input may hold terminal escapes).
impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display().to_string();
        let (path, message) = (printable(&path), printable(&self.message));
        match self.line {
            Some(line) => write!(f, "{path}:{line}: {message}"),
            None => write!(f, "{path}: {message}"),
        }
    }
}

impl std::error::Error for LoadError {}

#[derive(Debug, Default, Deserialize)]
struct FrontMatter {
    title: Option<String>,
    date: Option<FrontMatterValue>,
    url: Option<String>,
    source: Option<String>,
    lang: Option<String>,
}

/// A front-matter scalar that may have been read as a date, string or number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum FrontMatterValue {
    Text(String),
    Toml(toml::value::Datetime),
}

impl FrontMatterValue {
    fn as_text(&self) -> String {
        match self {
            FrontMatterValue::Text(s) => s.clone(),
            FrontMatterValue::Toml(d) => d.to_string(),
        }
    }
}

#[derive(Debug, Deserialize)]
struct JsonlArticle {
    text: String,
    id: Option<serde_json::Value>,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    source: Option<String>,
    lang: Option<String>,
}

/// Parses an ISO 8601 date or date-time (`2024-11-01`, `2024-11-01T09:30`,
/// `2024-11-01T09:30:00+01:00`) into the calendar date written. The whole
/// value must be valid: `2024-11-01garbage` and `2024-11-01T99:99` are not
/// dates.
pub fn parse_iso_date(s: &str) -> Option<jiff::civil::Date> {
    let pieces = jiff::fmt::temporal::Pieces::parse(s.trim()).ok()?;
    Some(pieces.date())
}

fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown" | "mdx")
    )
}

/// Decodes file bytes: rejects binary files and invalid UTF-8 with the line
/// of the first bad byte.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, LoadError> {
    let err = |line, message: String| LoadError {
        path: path.to_path_buf(),
        line,
        message,
    };
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(err(
            Some(line),
            "binary file (contains a NUL byte); skipped".into(),
        ));
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.replace_range(..3, "");
            }
            Ok(text)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..valid]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            Err(err(
                Some(line),
                format!("invalid UTF-8 at byte {valid}; skipped"),
            ))
        }
    }
}

/// Reads one text or Markdown article from its decoded `text`.
pub fn parse_text_article(path: &Path, text: String) -> Result<Article, LoadError> {
    let end = front_matter_end(&text);
    let mut fm = FrontMatter::default();
    if end > 0 {
        let fence = &text[..3];
        let first_line_end = text.find('\n').map_or(end, |i| i + 1);
        let closing_start = text[..end].trim_end().rfind('\n').map_or(end, |i| i + 1);
        let body = text.get(first_line_end..closing_start).unwrap_or("");
        fm = if fence == "+++" {
            toml::from_str::<FrontMatter>(body).map_err(|e| {
                let line = e
                    .span()
                    .map(|s| body[..s.start.min(body.len())].matches('\n').count() + 2);
                LoadError {
                    path: path.to_path_buf(),
                    line,
                    message: format!(
                        "malformed TOML front matter: {}",
                        first_line(&e.to_string())
                    ),
                }
            })?
        } else if body.trim().is_empty() {
            FrontMatter::default()
        } else {
            serde_saphyr::from_str::<FrontMatter>(body).map_err(|e| {
                // The parser counts a bare `\r` as a line break too; count
                // `\n` from its byte offset, as everywhere else.
                let front_lines = body.matches('\n').count() + 1;
                let line = e.location().map(|l| {
                    match l.span().byte_offset().and_then(|o| body.get(..o as usize)) {
                        Some(before) => before.matches('\n').count() + 2,
                        None => (l.line() as usize).min(front_lines) + 1,
                    }
                });
                LoadError {
                    path: path.to_path_buf(),
                    line,
                    message: format!(
                        "malformed YAML front matter: {}",
                        first_line(&e.to_string())
                    ),
                }
            })?
        };
    }
    let date = match &fm.date {
        Some(v) => {
            let raw = v.as_text();
            Some(parse_iso_date(&raw).ok_or_else(|| {
                LoadError {
                    path: path.to_path_buf(),
                    line: text[..end]
                        .lines()
                        .position(|l| l.trim_start().starts_with("date"))
                        .map(|i| i + 1),
                    message: format!("front matter `date` is not an ISO 8601 date: {raw:?}"),
                }
            })?)
        }
        None => None,
    };
    Ok(Article {
        path: path.to_path_buf(),
        jsonl_line: None,
        id: None,
        title: fm.title,
        date,
        url: fm.url,
        source: fm.source,
        lang: fm.lang.as_deref().and_then(Lang::parse),
        markdown: is_markdown(path),
        text,
    })
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// Reads the articles of a `.jsonl` file; bad lines become errors and are skipped.
pub fn parse_jsonl(path: &Path, text: &str) -> (Vec<Article>, Vec<LoadError>) {
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        match parse_jsonl_line(path, i + 1, line) {
            Ok(Some(a)) => articles.push(a),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    (articles, errors)
}

/// Reads line `number` (1-based) of a `.jsonl` file: an article, nothing
/// for a blank line, or an error naming the line.
pub fn parse_jsonl_line(
    path: &Path,
    number: usize,
    line: &str,
) -> Result<Option<Article>, LoadError> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.trim().is_empty() {
        return Ok(None);
    }
    let err = |message: String| LoadError {
        path: path.to_path_buf(),
        line: Some(number),
        message,
    };
    let a = serde_json::from_str::<JsonlArticle>(line)
        .map_err(|e| err(format!("malformed JSON line: {e}; skipped")))?;
    let date = match a.date.as_deref() {
        Some(d) => Some(
            parse_iso_date(d)
                .ok_or_else(|| err(format!("`date` is not an ISO 8601 date: {d:?}; skipped")))?,
        ),
        None => None,
    };
    Ok(Some(Article {
        path: path.to_path_buf(),
        jsonl_line: Some(number),
        id: a.id.map(|v| match v {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        }),
        title: a.title,
        date,
        url: a.url,
        source: a.source,
        lang: a.lang.as_deref().and_then(Lang::parse),
        text: a.text,
        markdown: false,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter() {
        let a = parse_text_article(
            Path::new("a.md"),
            "---\ntitle: Test\ndate: 2024-11-01\nlang: de\n---\nText.\n".into(),
        )
        .unwrap();
        assert_eq!(a.title.as_deref(), Some("Test"));
        assert_eq!(a.date, Some(jiff::civil::date(2024, 11, 1)));
        assert_eq!(a.lang, Some(Lang::De));
        assert!(a.markdown);
    }

    #[test]
    fn toml_front_matter() {
        let a = parse_text_article(
            Path::new("a.txt"),
            "+++\ntitle = \"T\"\ndate = 2024-11-01\n+++\nText.\n".into(),
        )
        .unwrap();
        assert_eq!(a.date, Some(jiff::civil::date(2024, 11, 1)));
        assert!(!a.markdown);
    }

    #[test]
    fn malformed_front_matter_names_the_line() {
        let e = parse_text_article(
            Path::new("bad.md"),
            "---\ntitle: [unclosed\n---\nText.\n".into(),
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("bad.md:"), "{e}");
        let e = parse_text_article(
            Path::new("bad.md"),
            "---\ntitle: x\ndate: yesterday\n---\n".into(),
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn jsonl_lines() {
        let (a, e) = parse_jsonl(Path::new("c.jsonl"), "{\"text\":\"Eins.\",\"date\":\"2024-01-02\"}\nnot json\n{\"id\":7}\n\n{\"text\":\"Zwei.\"}\n");
        assert_eq!(a.len(), 2);
        assert_eq!(
            e.iter().map(|e| e.line).collect::<Vec<_>>(),
            vec![Some(2), Some(3)]
        );
        assert_eq!(a[0].jsonl_line, Some(1));
    }

    #[test]
    fn dates_must_be_valid_to_the_end() {
        for (raw, want) in [
            ("2024-11-01", Some(jiff::civil::date(2024, 11, 1))),
            ("2024-11-01T09:30", Some(jiff::civil::date(2024, 11, 1))),
            (
                "2024-11-01T23:30:00-05:00",
                Some(jiff::civil::date(2024, 11, 1)),
            ),
            ("2024-11-01T09:30:00Z", Some(jiff::civil::date(2024, 11, 1))),
            ("2024-11-01garbage", None),
            ("2024-11-01T99:99", None),
            ("2024-02-30", None),
            ("2024-11", None),
        ] {
            assert_eq!(parse_iso_date(raw), want, "{raw}");
        }
        for front in [
            "---\ntitle: x\ndate: 2024-11-01garbage\n---\nText.\n",
            "---\ntitle: x\ndate: 2024-11-01T99:99\n---\nText.\n",
        ] {
            let e = parse_text_article(Path::new("d.md"), front.into()).unwrap_err();
            assert_eq!(e.line, Some(3), "{e}");
            assert!(
                e.to_string().starts_with("d.md:3: front matter `date`"),
                "{e}"
            );
        }
        let (a, e) = parse_jsonl(
            Path::new("c.jsonl"),
            "{\"text\":\"T.\",\"date\":\"2024-11-01x\"}\n",
        );
        assert!(a.is_empty());
        assert_eq!(e[0].line, Some(1));
    }

    #[test]
    fn a_nul_byte_anywhere_marks_a_binary_file() {
        let mut bytes = "Zeile\n".repeat(3000).into_bytes();
        assert!(bytes.len() > 8192);
        bytes.push(0);
        let e = decode(Path::new("late.txt"), bytes).unwrap_err();
        assert_eq!(e.line, Some(3001));
        assert!(e.message.starts_with("binary file"), "{e}");
    }

    #[test]
    fn control_characters_in_errors_are_shown_not_obeyed() {
        let e = LoadError {
            path: "a\u{1b}]0;x\u{7}.md".into(),
            line: Some(2),
            message: "bad \u{1b}[2J".into(),
        };
        assert_eq!(e.to_string(), "a␛]0;x␇.md:2: bad ␛[2J");
    }

    #[test]
    fn binary_and_invalid_utf8() {
        assert!(decode(Path::new("x"), vec![0, 1, 2]).is_err());
        let e = decode(Path::new("x"), b"ok\nok\n\xff".to_vec()).unwrap_err();
        assert_eq!(e.line, Some(3));
    }
}
