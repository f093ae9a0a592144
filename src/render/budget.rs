//! What one page may cost to render: a template that loops for minutes or writes without
//! end would hang `build` and wedge `serve`. Rendering writes through [`Budgeted`], which
//! refuses to go on past [`MAX_PAGE_BYTES`] or [`MAX_PAGE_TIME`]; the error names the
//! template. Loops that write nothing are bounded by [`range`], which replaces Tera's: the
//! numbers all its calls make for one page are counted, up to [`MAX_RANGE_ELEMENTS`]
//! (loops over the site's own lists are as long as the site).

use std::cell::Cell;

use crate::diag::{Code, Diagnostic};
use std::io::{self, Write};
use std::time::{Duration, Instant};

/// The largest page: the largest real one (a year of the timeline at 50,000 briefs) is a
/// few MB.
pub(crate) const MAX_PAGE_BYTES: usize = 64 << 20;
/// The longest one page may take to render.
pub(crate) const MAX_PAGE_TIME: Duration = Duration::from_secs(10);

/// The numbers `range()` may make for one page, in all its calls: loops inside loops over
/// `range` stop at a million turns instead of running for hours.
pub(crate) const MAX_RANGE_ELEMENTS: i128 = 1_000_000;

thread_local! {
    /// What `range()` may still make for the page this thread renders.
    static RANGE_LEFT: Cell<i128> = const { Cell::new(MAX_RANGE_ELEMENTS) };
}

/// A page starts rendering on this thread: its `range()` budget is whole again.
pub(super) fn start_page() {
    RANGE_LEFT.with(|left| left.set(MAX_RANGE_ELEMENTS));
}

/// Tera's `range(end, start=0, step_by=1)`, the same numbers and errors, charged to the
/// page's budget.
pub(super) fn range(kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<Vec<i128>> {
    use tera::Error;
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step_by = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    if start > end && step_by > 0 {
        return Err(Error::message(
            "Function `range` was called with a `start` argument greater than the `end` one",
        ));
    }
    if step_by == 0 {
        return Err(Error::message(
            "Function `range` was called with a `step_by` argument of 0",
        ));
    }
    let overflow =
        || Error::message("Function `range` was called with arguments that overflow i128");
    let len = if step_by > 0 {
        let span = end.checked_sub(start).ok_or_else(overflow)?;
        span.checked_add(step_by - 1).ok_or_else(overflow)? / step_by
    } else if start <= end {
        0
    } else {
        let step = step_by.checked_neg().ok_or_else(overflow)?;
        let span = start.checked_sub(end).ok_or_else(overflow)?;
        span.checked_add(step - 1).ok_or_else(overflow)? / step
    };
    let left = RANGE_LEFT.with(Cell::get);
    if len > left {
        RANGE_LEFT.with(|l| l.set(0));
        return Err(Error::message(format!(
            "`range` would make more than {MAX_RANGE_ELEMENTS} numbers for this page in all: a loop runs too long"
        )));
    }
    RANGE_LEFT.with(|l| l.set(left - len));
    Ok((0..len).map(|i| start + i * step_by).collect())
}

/// Which budget a page ran out of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spent {
    Bytes,
    Time,
    /// The page rendered for longer than [`super::watch::MAX_STUCK`] without writing.
    Stuck,
    /// The process grew past [`super::watch::MAX_GROWTH`] while it rendered.
    Memory,
}

/// The error for page `page`, rendered with `template` from `file`, that ran out of `spent`.
pub(crate) fn over_budget(file: &str, template: &str, page: &str, spent: Spent) -> Diagnostic {
    let what = match spent {
        Spent::Bytes => format!("grew past {} MB; it was stopped", MAX_PAGE_BYTES >> 20),
        Spent::Time => format!(
            "took longer than {} s; it was stopped",
            MAX_PAGE_TIME.as_secs()
        ),
        Spent::Stuck => format!(
            "ran for more than {} s without finishing; briefing stopped",
            super::watch::MAX_STUCK.as_secs()
        ),
        Spent::Memory => format!(
            "took more than {} GB of memory; briefing stopped",
            super::watch::MAX_GROWTH >> 30
        ),
    };
    Diagnostic::error(
        Code::TemplateError,
        file,
        format!("rendering /{page} with `{template}` {what}"),
    )
    .help("a loop runs too long or writes too much: look at `for` over `range(…)`, loops inside loops, and text built up with `set` in a loop")
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
    fn ranges_count_against_the_page() {
        let mut tera = tera::Tera::new();
        tera.register_function("range", range);
        let ctx = tera::Context::new();
        let mut out = Vec::new();
        start_page();
        tera.render_str_to(
            "{% for i in range(end=3, start=0) %}{{ i }}{% endfor %}{% for i in range(end=0, start=6, step_by=-2) %}{{ i }}{% endfor %}",
            &ctx,
            false,
            &mut out,
        )
        .unwrap();
        assert_eq!(out, b"012642");
        start_page();
        let nested = "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}";
        let e = tera
            .render_str_to(nested, &ctx, false, &mut Vec::new())
            .unwrap_err();
        assert!(format!("{e:?}").contains("a loop runs too long"), "{e:?}");
        // The next page has its whole budget.
        start_page();
        assert!(
            tera.render_str_to(
                "{% for i in range(end=900000) %}{% endfor %}",
                &ctx,
                false,
                &mut Vec::new()
            )
            .is_ok()
        );
    }

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
