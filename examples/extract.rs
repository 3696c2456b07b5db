//! Embedding newsx in a Rust program: build one extractor, share it, read
//! the records.
//!
//! ```sh
//! cargo run --example extract -- examples/articles/nl.txt
//! ```

use std::sync::Arc;

use newsx::{AmountKind, Extractor};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "examples/articles/nl.txt".to_string());
    let text = std::fs::read_to_string(&path).map_err(|e| newsx::Error::io(&path, e))?;

    // Build once (parses the data, builds the automata), share across threads.
    let ex = Arc::new(Extractor::new());
    let worker = {
        let ex = Arc::clone(&ex);
        let text = text.clone();
        std::thread::spawn(move || ex.extract(&text, None))
    };
    let doc = worker.join().expect("extraction never panics");

    println!("language: {}", doc.lang.map_or("undetermined", |l| l.name()));
    for e in &doc.entities {
        println!(
            "entity  {:<30} {:<12} {} mention(s) {:?}",
            e.name,
            e.kind.as_str(),
            e.mentions.len(),
            e.roles
        );
    }
    for a in doc.amounts.iter().filter(|a| a.kind == AmountKind::Money) {
        println!(
            "money   {:<30} = {} {}",
            a.text,
            a.value.as_deref().unwrap_or("(range)"),
            a.currency.as_deref().unwrap_or("?")
        );
    }
    for q in &doc.quotes {
        println!("quote   “{}” — {}", q.text, q.speaker.as_deref().unwrap_or("(unknown)"));
    }
    Ok(())
}
