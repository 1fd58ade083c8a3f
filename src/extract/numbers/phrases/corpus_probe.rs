//! Lists what `compose` adds over `scan` in a corpus, for review:
//! `PROBE_DIR=../shared/corpus/bbc cargo test --lib corpus_probe -- --ignored --nocapture`
//! (a folder whose path contains `derstandard` is read as German).

#[test]
#[ignore]
fn probe() {
    use crate::text::Lang;
    let Ok(dir) = std::env::var("PROBE_DIR") else {
        return;
    };
    let lang = if dir.contains("derstandard") {
        Lang::De
    } else {
        Lang::En
    };
    let mut n = 0;
    for e in walk(std::path::Path::new(&dir)) {
        let t = std::fs::read_to_string(&e).unwrap_or_default();
        let nums = super::super::scan(&t, lang);
        let before: std::collections::HashSet<_> = nums.iter().map(|n| n.range.clone()).collect();
        for m in super::compose(&t, lang, nums) {
            if !before.contains(&m.range) {
                n += 1;
                let s = m.range.start.saturating_sub(30);
                let mut s2 = s;
                while !t.is_char_boundary(s2) {
                    s2 -= 1;
                }
                let mut e2 = (m.range.end + 30).min(t.len());
                while !t.is_char_boundary(e2) {
                    e2 += 1;
                }
                println!(
                    "{:?} = {} | {:?}",
                    &t[m.range.clone()],
                    m.value,
                    t[s2..e2].replace('\n', " ")
                );
            }
        }
    }
    println!("{n} composed");
}
fn walk(p: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut v = Vec::new();
    if let Ok(rd) = std::fs::read_dir(p) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                v.extend(walk(&p));
            } else {
                v.push(p);
            }
        }
    }
    v
}
