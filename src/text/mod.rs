//! Text below the document model: folding for matching, dates, and what a char is.

pub mod chars;
pub mod dates;
pub mod lang;
pub mod normalize;
