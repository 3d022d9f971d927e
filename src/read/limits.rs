//! Bounds on the work one document may cause.

/// Bounds on the work one document may cause; a document over a bound is `rejected` with the
/// reason, never a crash or an unbounded run.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest input file, in bytes.
    pub max_bytes: u64,
    /// Deepest element nesting of an HTML page, estimated from its tags before parsing (the
    /// parser's cost grows with the square of the depth).
    pub max_dom_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 << 20,
            max_dom_depth: 1024,
        }
    }
}

/// Why a document of `size` bytes is refused, when it is over `--max-bytes`.
pub fn too_large(size: u64, limits: &Limits) -> Option<String> {
    (size > limits.max_bytes).then(|| {
        format!(
            "input is {size} bytes, over the limit of {} (--max-bytes)",
            limits.max_bytes
        )
    })
}
