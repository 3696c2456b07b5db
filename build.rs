//! Compiles the built-in knowledge base (`data/kb/*.jsonl`) into the tables
//! the entity stage matches with (`src/entity/kbdata.rs`), written to
//! `$OUT_DIR/kb.bin` and embedded by `src/entity/kb.rs`: building an
//! extractor then decodes them instead of parsing some 1.4 MB of JSON.

use std::path::PathBuf;

#[path = "src/entity/kbdata.rs"]
#[allow(dead_code)]
mod kbdata;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/entity/kbdata.rs");
    println!("cargo:rerun-if-changed=data/kb");
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let mut builder = kbdata::Builder::default();
    for file in kbdata::BUILTIN_FILES {
        println!("cargo:rerun-if-changed={file}");
        let text = std::fs::read_to_string(root.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        if let Err(e) = builder.add_source(file, &text) {
            panic!("{e}");
        }
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("kb.bin");
    std::fs::write(&out, builder.build().encode()).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
