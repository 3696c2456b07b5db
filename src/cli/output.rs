//! The output file of `newsx batch`, written around the page cache.
//!
//! A batch writes about three bytes of JSON per byte of text read. Through
//! the page cache every one of them is copied into a cache page by the
//! kernel, on the writing thread, and written back later by the kernel's
//! flusher threads, on the same cores as the extraction: on the 2-core
//! development machine `dd` spent 1.55 s of system time on 640 MB that way
//! and 0.09 s with `O_DIRECT`. So on Linux the output goes straight from an
//! aligned buffer to the disk (`O_DIRECT`), in whole blocks; the tail of a
//! block that is not yet full goes through the page cache when the batch
//! flushes (after every chunk, so that the file holds whole lines), and is
//! written again as part of its block once that is full.
//!
//! Where the file system will not take direct writes (tmpfs on older
//! kernels, some network file systems), or on other systems, everything goes
//! through the page cache, as with a plain `BufWriter`.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// Direct writes start and end on multiples of this (the largest logical
/// block size of common disks), from memory aligned to it.
const BLOCK: usize = 4096;

/// A JSON Lines output file (see the module docs).
pub struct OutputFile {
    /// Buffered writes (and the file's one handle where direct writes are
    /// not available).
    file: File,
    /// The same file opened for direct writes, while they work.
    direct: Option<File>,
    /// The buffer's memory: `cap` bytes from `at`, an address aligned to
    /// [`BLOCK`] for direct writes.
    mem: Vec<u8>,
    at: usize,
    cap: usize,
    /// File offset of the buffer's first byte: a multiple of [`BLOCK`].
    start: u64,
    /// Bytes in the buffer.
    len: usize,
    /// Of those, the first `synced` are in the file already (written through
    /// the page cache at a flush).
    synced: usize,
}

impl OutputFile {
    /// Opens `path` (a regular file, or none yet) for writing, emptied, or
    /// with `append` after what it holds, with `buf_size` bytes of buffer
    /// (rounded up to whole blocks). With `direct`, whole blocks are written
    /// around the page cache where the system and file system allow it.
    pub fn create(path: &Path, append: bool, buf_size: usize, direct: bool) -> io::Result<OutputFile> {
        let file = OpenOptions::new().create(true).read(append).write(true).truncate(!append).open(path)?;
        let meta = file.metadata()?;
        let end = meta.len();
        let direct = if direct && meta.is_file() { open_direct(path) } else { None };
        let cap = buf_size.div_ceil(BLOCK).max(2) * BLOCK;
        let mem = vec![0; cap + BLOCK];
        // (`align_offset` may give up; the address itself does not.)
        let at = (BLOCK - mem.as_ptr() as usize % BLOCK) % BLOCK;
        let mut out = OutputFile { file, direct, mem, at, cap, start: end, len: 0, synced: 0 };
        if out.direct.is_some() {
            // The buffer starts at the block the file ends in, holding the
            // part of it already written, so that direct writes stay aligned.
            let skew = (end % BLOCK as u64) as usize;
            out.start = end - skew as u64;
            let start = out.start;
            read_at(&out.file, &mut out.mem[out.at..out.at + skew], start)?;
            out.len = skew;
            out.synced = skew;
        }
        Ok(out)
    }

    /// The buffer (its first `len` bytes are data).
    fn buffer(&self) -> &[u8] {
        &self.mem[self.at..self.at + self.cap]
    }

    /// Writes the buffer's whole blocks (all of its bytes when writes go
    /// through the page cache) and keeps the rest at its front.
    fn write_blocks(&mut self) -> io::Result<()> {
        let whole = if self.direct.is_some() { self.len / BLOCK * BLOCK } else { self.len };
        if whole == 0 {
            return Ok(());
        }
        let (start, synced, len) = (self.start, self.synced, self.len);
        if let Some(direct) = self.direct.take() {
            match write_at(&direct, &self.buffer()[..whole], start) {
                Ok(()) => self.direct = Some(direct),
                // Not taken after all (alignment, file system): the rest of
                // the run goes through the page cache, from where this left off.
                Err(e) if e.kind() == io::ErrorKind::InvalidInput => return self.write_blocks(),
                Err(e) => return Err(e),
            }
        } else if whole > synced {
            write_at(&self.file, &self.buffer()[synced..whole], start + synced as u64)?;
        }
        self.mem.copy_within(self.at + whole..self.at + len, self.at);
        self.start += whole as u64;
        self.len -= whole;
        self.synced = synced.saturating_sub(whole);
        Ok(())
    }
}

/// Writes all of `data` at `offset` of `file`.
#[cfg(unix)]
fn write_at(file: &File, data: &[u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, data, offset)
}

/// Fills `buf` from `offset` of `file`.
#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn write_at(file: &File, mut data: &[u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !data.is_empty() {
        match file.seek_write(data, offset)? {
            0 => return Err(io::ErrorKind::WriteZero.into()),
            n => (data, offset) = (&data[n..], offset + n as u64),
        }
    }
    Ok(())
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => (buf, offset) = (&mut buf[n..], offset + n as u64),
        }
    }
    Ok(())
}

#[cfg(target_os = "linux")]
fn open_direct(path: &Path) -> Option<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new().write(true).custom_flags(libc::O_DIRECT).open(path).ok()
}

#[cfg(not(target_os = "linux"))]
fn open_direct(_path: &Path) -> Option<File> {
    None
}

impl Write for OutputFile {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let cap = self.cap;
        if self.len == cap {
            self.write_blocks()?;
        }
        let n = data.len().min(cap - self.len);
        let len = self.len;
        self.mem[self.at + len..self.at + len + n].copy_from_slice(&data[..n]);
        self.len += n;
        Ok(n)
    }

    /// Writes everything buffered: whole blocks directly, the tail through
    /// the page cache.
    fn flush(&mut self) -> io::Result<()> {
        self.write_blocks()?;
        if self.len > self.synced {
            let (start, synced, len) = (self.start, self.synced, self.len);
            write_at(&self.file, &self.buffer()[synced..len], start + synced as u64)?;
            self.synced = len;
        }
        Ok(())
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("newsx-output-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join(name)
    }

    /// Lines of varied lengths, some longer than the buffer.
    fn lines() -> Vec<Vec<u8>> {
        (0..400u32)
            .map(|i| {
                let n = (i as usize * 7919) % 9000 + if i % 97 == 0 { 20_000 } else { 0 };
                let mut l: Vec<u8> = (0..n).map(|k| b'a' + ((k as u32 + i) % 26) as u8).collect();
                l.push(b'\n');
                l
            })
            .collect()
    }

    fn write_all(out: &mut OutputFile, lines: &[Vec<u8>], flush_every: usize) -> Vec<u8> {
        let mut want = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            out.write_all(l).unwrap();
            want.extend_from_slice(l);
            if i % flush_every == 0 {
                out.flush().unwrap();
            }
        }
        out.flush().unwrap();
        want
    }

    #[test]
    fn the_file_holds_what_was_written_with_flushes_anywhere() {
        for (direct, flush_every) in [(true, 1), (true, 13), (true, 1000), (false, 1), (false, 13)] {
            let path = tmp(&format!("out-{direct}-{flush_every}.jsonl"));
            std::fs::write(&path, b"old content that is emptied first\n").unwrap();
            let mut out = OutputFile::create(&path, false, 3 * BLOCK + 100, direct).unwrap();
            let want = write_all(&mut out, &lines(), flush_every);
            drop(out);
            let got = std::fs::read(&path).unwrap();
            assert_eq!(got.len(), want.len(), "direct {direct}, flush every {flush_every}");
            assert!(got == want, "direct {direct}, flush every {flush_every}: content differs");
        }
    }

    #[test]
    fn appending_keeps_the_start_of_a_partly_written_block() {
        let path = tmp("append.jsonl");
        let head = b"{\"id\":\"a\"}\n".repeat(500); // not a whole number of blocks
        std::fs::write(&path, &head).unwrap();
        let mut out = OutputFile::create(&path, true, 2 * BLOCK, true).unwrap();
        let more = write_all(&mut out, &lines()[..60], 7);
        drop(out);
        let got = std::fs::read(&path).unwrap();
        assert_eq!(got.len(), head.len() + more.len());
        assert!(got[..head.len()] == head[..] && got[head.len()..] == more[..]);
    }

    #[test]
    fn dropping_writes_the_rest() {
        let path = tmp("drop.jsonl");
        let mut out = OutputFile::create(&path, false, BLOCK, true).unwrap();
        out.write_all(&b"x".repeat(3 * BLOCK + 5)).unwrap();
        drop(out);
        assert_eq!(std::fs::read(&path).unwrap().len(), 3 * BLOCK + 5);
    }
}
