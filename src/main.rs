//! The `newsx` command-line tool.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use newsx::{BatchOptions, Extractor, Language};

/// Extract named entities, money amounts and quotes from news text in the 24 EU languages.
#[derive(Parser)]
#[command(name = "newsx", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract one document and print its record as JSON.
    Extract {
        /// A text file, or `-` (the default) for standard input.
        #[arg(default_value = "-")]
        file: String,
        /// The text's language (ISO 639-1 code); identified when absent.
        #[arg(long)]
        lang: Option<Language>,
        /// Indent the JSON.
        #[arg(long)]
        pretty: bool,
    },
    /// Process JSON Lines files, text files or folders of them: one JSON line out per document in.
    Batch {
        /// Input files or folders (`-` reads JSON Lines from standard input).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output file (JSON Lines); standard output when absent or `-`.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Worker threads (default: one per core).
        #[arg(short, long, default_value_t = 0)]
        jobs: usize,
        /// No progress bar.
        #[arg(short, long)]
        quiet: bool,
    },
    /// List the supported languages.
    Languages,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newsx: {e}");
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(e: &newsx::Error) -> bool {
    use std::error::Error as _;
    e.source()
        .and_then(|s| s.downcast_ref::<io::Error>())
        .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
}

fn run(command: Command) -> Result<(), newsx::Error> {
    match command {
        Command::Extract { file, lang, pretty } => {
            let mut text = String::new();
            if file == "-" {
                io::stdin().read_to_string(&mut text).map_err(|e| newsx::Error::io("standard input", e))?;
            } else {
                let bytes = std::fs::read(&file).map_err(|e| newsx::Error::io(&file, e))?;
                text = String::from_utf8(bytes).map_err(|e| {
                    newsx::Error::io(
                        &file,
                        io::Error::new(
                            io::ErrorKind::InvalidData,
                            format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
                        ),
                    )
                })?;
            }
            let doc = Extractor::new().extract(&text, lang);
            let json = if pretty { serde_json::to_string_pretty(&doc) } else { serde_json::to_string(&doc) }
                .map_err(|e| newsx::Error::io("output", io::Error::other(e)))?;
            let mut out = io::stdout().lock();
            writeln!(out, "{json}").map_err(|e| newsx::Error::io("standard output", e))?;
            Ok(())
        }
        Command::Batch { inputs, output, jobs, quiet } => {
            for p in &inputs {
                if p.as_os_str() != "-" && !p.exists() {
                    return Err(newsx::Error::io(
                        p,
                        io::Error::new(io::ErrorKind::NotFound, "no such file or folder"),
                    ));
                }
            }
            let mut out: Box<dyn Write> = match output.as_ref().filter(|p| p.as_os_str() != "-") {
                Some(p) => Box::new(BufWriter::with_capacity(
                    1 << 20,
                    File::create(p).map_err(|e| newsx::Error::io(p, e))?,
                )),
                None => Box::new(BufWriter::new(io::stdout().lock())),
            };
            let bar = (!quiet && io::stderr().is_terminal()).then(|| {
                let bar = indicatif::ProgressBar::new(newsx::input_size(&inputs));
                bar.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{bar:40} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                bar
            });
            let ex = Extractor::new();
            let opts = BatchOptions { jobs, ..BatchOptions::default() };
            let summary = newsx::run_batch(&ex, &inputs, &mut out, &opts, &mut |done| {
                if let Some(bar) = &bar {
                    bar.set_position(done);
                }
            })?;
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            out.flush().map_err(|e| newsx::Error::io("output", e))?;
            eprintln!(
                "newsx: {} records ({} errors), {:.1} MB in {:.2} s ({:.1} MB/s)",
                summary.records,
                summary.errors,
                summary.bytes as f64 / 1e6,
                summary.seconds,
                summary.bytes as f64 / 1e6 / summary.seconds.max(1e-9)
            );
            Ok(())
        }
        Command::Languages => {
            for l in Language::ALL {
                println!("{}\t{}", l.code(), l.name());
            }
            Ok(())
        }
    }
}
