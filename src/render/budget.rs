//! What one page may cost to render: a template that loops for minutes or writes without
//! end would hang `build` and wedge `serve`. Rendering writes through [`Budgeted`], which
//! refuses to go on past [`MAX_PAGE_BYTES`] or [`MAX_PAGE_TIME`]; the error names the
//! template. (A loop that writes nothing is not caught: Tera gives no hook inside it.)

use std::io::{self, Write};
use std::time::{Duration, Instant};

/// The largest page: the largest real one (a year of the timeline at 50,000 briefs) is a
/// few MB.
pub(crate) const MAX_PAGE_BYTES: usize = 64 << 20;
/// The longest one page may take to render.
pub(crate) const MAX_PAGE_TIME: Duration = Duration::from_secs(10);

/// Which budget a page ran out of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spent {
    Bytes,
    Time,
}

/// A page's bytes as they are rendered, within the budget.
pub(super) struct Budgeted {
    pub(super) bytes: Vec<u8>,
    started: Instant,
    writes: u32,
    /// Set when the budget ran out (the write that found it failed).
    pub(super) spent: Option<Spent>,
}

impl Budgeted {
    pub(super) fn new(bytes: Vec<u8>) -> Self {
        Budgeted {
            bytes,
            started: Instant::now(),
            writes: 0,
            spent: None,
        }
    }
}

impl Budgeted {
    /// Whether `more` bytes may still be written; records why not.
    #[inline]
    fn within(&mut self, more: usize) -> bool {
        self.writes = self.writes.wrapping_add(1);
        if self.bytes.len() + more > MAX_PAGE_BYTES {
            self.spent = Some(Spent::Bytes);
        } else if self.writes & 0xff == 0 && self.started.elapsed() > MAX_PAGE_TIME {
            // The clock is read once every 256 writes: a page makes thousands.
            self.spent = Some(Spent::Time);
        }
        self.spent.is_none()
    }
}

impl Write for Budgeted {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf).map(|()| buf.len())
    }

    /// Written whole or not at all (Tera writes with `write_all`, so this is the one path).
    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if !self.within(buf.len()) {
            return Err(io::Error::other("the page's rendering budget ran out"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_past_its_size_stops_at_the_write_that_crosses_it() {
        let mut out = Budgeted::new(Vec::new());
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..64 {
            out.write_all(&chunk).unwrap();
        }
        assert!(out.write_all(b"y").is_err());
        assert_eq!(out.spent, Some(Spent::Bytes));
        assert_eq!(out.bytes.len(), MAX_PAGE_BYTES);
    }
}
