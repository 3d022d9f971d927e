//! The document model every stage shares: the source text and its lines, the view rules read
//! it through, and removals (which rule removed which span, and how).

mod doc;
mod removal;
mod source;
mod view;

pub use doc::{
    host_of, sha256_hex, Carry, Decoding, Doc, DocMeta, DroppedNode, EncodingSource, Format, Status,
    WarcOrigin,
};
pub use removal::{apply, Action, Removal, RuleId};
pub use source::{fold_line_ends, SourceText};
pub use view::{At, Prepared, Scope, TitleContext, TitleInfo};
