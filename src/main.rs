//! The `newsx` command-line tool.

use std::fs::OpenOptions;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use newsx::{BatchOptions, Extractor, Language};

#[path = "cli/output.rs"]
mod output;

// Extraction allocates many small strings and vectors per document; mimalloc
// serves them faster than the system allocator (about a sixth of the
// pipeline's instructions went to glibc malloc and free).
#[global_allocator]
static GLOBAL: Allocator = Allocator;

/// mimalloc, called through its plain entry points when the alignment asked
/// for is one every mimalloc block has (8 bytes), and through the aligned
/// ones otherwise. (`mimalloc::MiMalloc` always takes the aligned path,
/// whose extra checks cost about 1% of a batch run.)
///
/// On Linux, blocks of [`HUGE`] bytes or more are mapped from the system
/// one by one instead, and unmapped when freed. Only a very large document
/// asks for them (its input line, the JSON parser's copy of its text, the
/// text), and mimalloc hands such blocks back to the system only some time
/// after they are freed: whether the reader's freed buffers were still
/// resident when the extraction of a 50 MB document peaked decided between
/// a peak RSS of 210 and 295 MB from run to run.
struct Allocator;

/// The alignment of every block mimalloc returns.
const MI_MIN_ALIGN: usize = 8;

/// Blocks at least this large (with an alignment a page has) come from
/// [`huge`] on Linux.
const HUGE: usize = 4 << 20;

/// Whether a block of `size` bytes aligned to `align` is a [`huge`] one.
#[inline]
fn is_huge(size: usize, align: usize) -> bool {
    cfg!(target_os = "linux") && size >= HUGE && align <= 4096
}

/// Huge blocks: private anonymous mappings of their own (page-aligned and
/// zero-filled), grown and shrunk with `mremap`, which moves pages instead
/// of copying bytes.
#[cfg(target_os = "linux")]
mod huge {
    use std::ptr::null_mut;

    /// A new mapping of `size` bytes, or null.
    pub unsafe fn map(size: usize) -> *mut u8 {
        let p = libc::mmap(
            null_mut(),
            size,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        if p == libc::MAP_FAILED {
            null_mut()
        } else {
            p.cast()
        }
    }

    /// Gives the mapping at `ptr` of `size` bytes back to the system.
    pub unsafe fn unmap(ptr: *mut u8, size: usize) {
        libc::munmap(ptr.cast(), size);
    }

    /// The mapping at `ptr` resized from `old` to `new` bytes (maybe moved),
    /// or null with the old one left as it was.
    pub unsafe fn remap(ptr: *mut u8, old: usize, new: usize) -> *mut u8 {
        let p = libc::mremap(ptr.cast(), old, new, libc::MREMAP_MAYMOVE);
        if p == libc::MAP_FAILED {
            null_mut()
        } else {
            p.cast()
        }
    }
}

// SAFETY: every block comes from mimalloc with at least the alignment asked
// for (plain calls only for alignments of 8 or less, which all mimalloc blocks
// have) and goes back to mimalloc; `mi_realloc` keeps the block's alignment
// class in the same way. Huge blocks are told apart by the size in their
// layout, which Rust passes to `dealloc` and `realloc` exactly as the block
// was last allocated or resized with, so each block goes back to where it
// came from; their mappings are page-aligned, which covers the alignments
// `is_huge` admits, and a block that crosses `HUGE` in `realloc` is copied
// (the smaller of both sizes) into a block of the other kind.
unsafe impl std::alloc::GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        #[cfg(target_os = "linux")]
        if is_huge(layout.size(), layout.align()) {
            return huge::map(layout.size());
        }
        if layout.align() <= MI_MIN_ALIGN {
            libmimalloc_sys::mi_malloc(layout.size()).cast()
        } else {
            mimalloc::MiMalloc.alloc(layout)
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        #[cfg(target_os = "linux")]
        if is_huge(layout.size(), layout.align()) {
            // Fresh mappings are zero-filled.
            return huge::map(layout.size());
        }
        if layout.align() <= MI_MIN_ALIGN {
            libmimalloc_sys::mi_zalloc(layout.size()).cast()
        } else {
            mimalloc::MiMalloc.alloc_zeroed(layout)
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        #[cfg(target_os = "linux")]
        if is_huge(layout.size(), layout.align()) {
            return huge::unmap(ptr, layout.size());
        }
        libmimalloc_sys::mi_free(ptr.cast());
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        let (was, will) = (is_huge(layout.size(), layout.align()), is_huge(new_size, layout.align()));
        #[cfg(target_os = "linux")]
        if was && will {
            return huge::remap(ptr, layout.size(), new_size);
        }
        if was || will {
            let new_layout = std::alloc::Layout::from_size_align_unchecked(new_size, layout.align());
            let new = self.alloc(new_layout);
            if !new.is_null() {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            return new;
        }
        if layout.align() <= MI_MIN_ALIGN {
            libmimalloc_sys::mi_realloc(ptr.cast(), new_size).cast()
        } else {
            mimalloc::MiMalloc.realloc(ptr, layout, new_size)
        }
    }
}

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
    /// Process news archives: one record out per document in, in input order.
    ///
    /// Inputs: JSON Lines (`{"id", "text", "lang"?, "title"?, "date"?, "url"?}`
    /// per line; plain, .gz or .zst), .txt and .json files, folders of them
    /// (recursively), and WARC / WARC.gz archives of HTML pages (article text
    /// extracted, boilerplate removed). A bad document becomes an error record
    /// `{"id", "source", "line", "error"}`.
    Batch {
        /// Input files or folders (`-` reads standard input).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output: a JSON Lines file (standard output when absent or `-`), or
        /// with `--format parquet` a folder for the Parquet tables.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Worker threads (default: one per core).
        #[arg(short, long, default_value_t = 0)]
        jobs: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Jsonl)]
        format: Format,
        /// Skip documents already in the output file (after a crash or
        /// Ctrl-C) and append the rest to it. JSON Lines output only.
        #[arg(long)]
        resume: bool,
        /// No progress bar and no summary line.
        #[arg(short, long)]
        quiet: bool,
        /// Write the documents' texts and metadata as read, without
        /// extraction (`{"id", "text", "title", "date", "url"}` per line): turns
        /// WARC archives into JSON Lines of article texts.
        #[arg(long)]
        emit_text: bool,
        /// Write the output file through the page cache. By default (on
        /// Linux) its whole blocks go directly to the disk, which costs the
        /// cores far less than copying three bytes of JSON per byte of text
        /// into the cache; use this where direct writes are slow, as on some
        /// network file systems.
        #[arg(long)]
        buffered: bool,
    },
    /// List the supported languages.
    Languages,
}

/// Output formats of `newsx batch`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// One JSON record per line.
    Jsonl,
    /// A folder of Parquet tables: documents, entities, mentions, amounts, quotes.
    Parquet,
}

fn main() -> ExitCode {
    no_huge_pages();
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

/// Turns transparent huge pages off for this process. With them, every page
/// mimalloc hands back to the system and touches again costs the kernel a
/// 2 MiB clear (about 4% of a batch run went to `clear_page_erms`), and the
/// resident set counts whole 2 MiB pages: a 20 MB batch peaked at 104 MB
/// with them and 60 MB without, at the same speed.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integer arguments and touches no
    // memory of ours; on failure (old kernels) nothing changes.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
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
        Command::Batch { inputs, output, jobs, format, resume, quiet, emit_text, buffered } => {
            let flags = BatchFlags { resume, quiet, emit_text, buffered };
            batch(&inputs, output.as_deref(), jobs, format, flags)
        }
        Command::Languages => {
            for l in Language::ALL {
                println!("{}\t{}", l.code(), l.name());
            }
            Ok(())
        }
    }
}

fn usage(msg: &str) -> newsx::Error {
    newsx::Error::io("arguments", io::Error::new(io::ErrorKind::InvalidInput, msg.to_string()))
}

/// The on/off options of `newsx batch`.
struct BatchFlags {
    resume: bool,
    quiet: bool,
    emit_text: bool,
    buffered: bool,
}

fn batch(
    inputs: &[PathBuf],
    output: Option<&std::path::Path>,
    jobs: usize,
    format: Format,
    flags: BatchFlags,
) -> Result<(), newsx::Error> {
    let BatchFlags { resume, quiet, emit_text, buffered } = flags;
    for p in inputs {
        if p.as_os_str() != "-" && !p.exists() {
            return Err(newsx::Error::io(
                p,
                io::Error::new(io::ErrorKind::NotFound, "no such file or folder"),
            ));
        }
    }
    let output = output.filter(|p| p.as_os_str() != "-");
    if format == Format::Parquet && output.is_none() {
        return Err(usage("--format parquet needs an output folder: -o DIR"));
    }
    if emit_text && format != Format::Jsonl {
        return Err(usage("--emit-text writes JSON Lines only"));
    }
    if resume && (format != Format::Jsonl || output.is_none()) {
        return Err(usage("--resume needs JSON Lines output to a file: -o OUT.jsonl"));
    }
    // Ctrl-C: stop reading, finish and write what was read (whole lines
    // only), then exit 130. A second Ctrl-C ends the process at once.
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        let _ = signal_hook::flag::register_conditional_shutdown(sig, 130, Arc::clone(&stop));
        let _ = signal_hook::flag::register(sig, Arc::clone(&stop));
    }
    let mut opts = BatchOptions { jobs, emit_text, stop: Some(Arc::clone(&stop)), ..BatchOptions::default() };
    if resume {
        if let Some(p) = output {
            opts.resume = Some(Arc::new(newsx::Resume::from_output(p)?));
        }
    }
    let bar = (!quiet && io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(newsx::input_size(inputs));
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut progress = |done: u64| {
        if let Some(bar) = &bar {
            bar.set_position(done);
        }
    };
    let ex = Extractor::new();
    let summary = match (format, output) {
        (Format::Parquet, Some(dir)) => newsx::run_batch_parquet(&ex, inputs, dir, &opts, &mut progress)?,
        (_, Some(p)) => {
            // A regular file (or a new one) gets the output file's direct
            // writes; a device or a pipe a plain buffer.
            let regular = std::fs::metadata(p).map_or(true, |m| m.is_file());
            let mut out: Box<dyn Write> = if regular {
                Box::new(
                    output::OutputFile::create(p, resume, 1 << 20, !buffered)
                        .map_err(|e| newsx::Error::io(p, e))?,
                )
            } else {
                let file = OpenOptions::new()
                    .create(true)
                    .write(true)
                    .append(resume)
                    .truncate(!resume)
                    .open(p)
                    .map_err(|e| newsx::Error::io(p, e))?;
                Box::new(BufWriter::with_capacity(1 << 20, file))
            };
            let s = newsx::run_batch(&ex, inputs, &mut out, &opts, &mut progress)?;
            out.flush().map_err(|e| newsx::Error::io(p, e))?;
            s
        }
        (_, None) => {
            let mut out = BufWriter::with_capacity(1 << 20, io::stdout().lock());
            let s = newsx::run_batch(&ex, inputs, &mut out, &opts, &mut progress)?;
            out.flush().map_err(|e| newsx::Error::io("standard output", e))?;
            s
        }
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if !quiet {
        let skipped = if summary.skipped > 0 {
            format!(", {} skipped as done", summary.skipped)
        } else {
            String::new()
        };
        eprintln!(
            "newsx: {} records ({} errors{skipped}), {:.1} MB in {:.2} s ({:.1} MB/s){}",
            summary.records,
            summary.errors,
            summary.bytes as f64 / 1e6,
            summary.seconds,
            summary.bytes as f64 / 1e6 / summary.seconds.max(1e-9),
            if summary.interrupted { "; interrupted: rerun with --resume to finish" } else { "" }
        );
    }
    if summary.interrupted {
        std::process::exit(130);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// Byte `i` of the test patterns.
    fn at(i: usize) -> u8 {
        (i % 251) as u8
    }

    #[test]
    fn blocks_keep_their_bytes_across_the_huge_size() {
        // Grown a byte at a time from small through 4 MiB (small to huge)
        // and on (huge to huge), then cut back (huge to small).
        let mut v: Vec<u8> = Vec::new();
        for i in 0..(9 << 20) {
            v.push(at(i));
        }
        assert!(v.iter().enumerate().all(|(i, &b)| b == at(i)));
        v.truncate(5 << 20);
        v.shrink_to_fit();
        assert!(v.iter().enumerate().all(|(i, &b)| b == at(i)));
        v.truncate(1000);
        v.shrink_to_fit();
        assert_eq!(v.capacity(), 1000);
        assert!(v.iter().enumerate().all(|(i, &b)| b == at(i)));
        let zeros = vec![0u8; 6 << 20];
        assert!(zeros.iter().all(|&b| b == 0));
        let words: Vec<u64> = (0..(1u64 << 20)).collect();
        assert!(words.iter().enumerate().all(|(i, &w)| w == i as u64));
    }
}
