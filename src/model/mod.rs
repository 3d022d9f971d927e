//! The document model every stage shares: the source text and its lines, the view rules read
//! it through, and removals (which rule removed which span, and how).

mod removal;
mod source;
mod view;

pub use removal::{Action, Removal, RuleId};
pub use source::{fold_line_ends, SourceText};
pub use view::{At, Prepared, Scope, TitleContext, TitleInfo};
