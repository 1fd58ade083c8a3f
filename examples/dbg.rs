use factcheck::engine::{Engine, DraftOptions};
use factcheck::claims::ClaimValue;
use factcheck::check::{compare};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let engine = Engine::load(&[args[1].clone().into()], Default::default(), &|_,_|{});
    let text = std::fs::read_to_string(&args[2]).unwrap();
    let r = engine.check(&text, &DraftOptions{path: Some(args[2].clone().into()), lang: None});
    let stats = &engine.index().terms;
    for c in &r.claims {
        let (unit, txt) = match &c.value { ClaimValue::Figure(f) => (f.unit.clone(), f.text.clone()), ClaimValue::Date{text,..} => ("DATE".into(), text.clone()), _ => continue };
        let tv = stats.vector(&stats.subject_terms(&c.subject, r.lang));
        let mut best: Vec<(f64, String)> = Vec::new();
        for (i, cc) in engine.index().claims.iter().enumerate() {
            let same = match &cc.claim.value { ClaimValue::Figure(g) => g.unit == unit, ClaimValue::Date{..} => unit=="DATE", _ => false };
            if !same { continue; }
            let m = compare(c, &tv, cc);
            let t = match &cc.claim.value { ClaimValue::Figure(g) => g.text.clone(), ClaimValue::Date{text,..} => text.clone(), _ => String::new() };
            best.push((m.similarity, format!("{:.2} sh={} ent={} w={} near={} same={} {} #{}", m.similarity, m.shared_terms, m.overlap.entities, m.overlap.words, m.overlap.near, m.same_subject(), t, i)));
        }
        best.sort_by(|a,b| b.0.total_cmp(&a.0));
        println!("DRAFT {txt}");
        for b in best.iter().take(3) { println!("    {}", b.1); }
    }
}
