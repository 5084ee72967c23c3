//! Content problems: what went wrong, in which file and on which line, and how to fix it.
//! The build gathers them and reports them together instead of stopping at the first.

use std::fmt;
use std::path::PathBuf;
use std::sync::Mutex;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Problem {
    pub(crate) file: PathBuf,
    /// 1-based; 0 when the problem is about the whole file.
    pub(crate) line: usize,
    pub(crate) message: String,
    pub(crate) fix: String,
}

impl Problem {
    pub(crate) fn new(
        file: impl Into<PathBuf>,
        line: usize,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Problem { file: file.into(), line, message: message.into(), fix: fix.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)?;
        } else {
            write!(f, "{}: {}", self.file.display(), self.message)?;
        }
        if !self.fix.is_empty() {
            write!(f, "\n    fix: {}", self.fix)?;
        }
        Ok(())
    }
}

/// A thread-safe collector, so parallel rendering can report without stopping.
#[derive(Default)]
pub(crate) struct Problems(Mutex<Vec<Problem>>);

impl Problems {
    pub(crate) fn push(&self, p: Problem) {
        self.0.lock().expect("problem list poisoned").push(p);
    }
    pub(crate) fn extend(&self, ps: impl IntoIterator<Item = Problem>) {
        self.0.lock().expect("problem list poisoned").extend(ps);
    }
    pub(crate) fn into_sorted(self) -> Vec<Problem> {
        let mut v = self.0.into_inner().expect("problem list poisoned");
        v.sort();
        v.dedup();
        v
    }
}

/// The error a failed build or check returns: every problem, numbered.
#[derive(Debug, thiserror::Error)]
pub(crate) struct ProblemReport(pub(crate) Vec<Problem>);

impl fmt::Display for ProblemReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(f, "{n} problem{} found:", if n == 1 { "" } else { "s" })?;
        for (i, p) in self.0.iter().enumerate() {
            writeln!(f, "{:>3}. {p}", i + 1)?;
        }
        Ok(())
    }
}

/// 1-based line number of a byte offset in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].bytes().filter(|&b| b == b'\n').count() + 1
}
