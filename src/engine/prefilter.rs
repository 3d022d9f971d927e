//! Which pattern rules may match a view, found once for every phase.

use crate::engine::RuleSet;
use crate::model::Prepared;

/// For each rule of `set`, whether it may match the view of `p`: `false` only for pattern rules
/// whose pattern matches nowhere. Computed on first use; every phase shares it. After
/// removals, when every pattern rule is line-local, only the changed lines are searched.
pub fn may_match<'a>(p: &'a Prepared, set: &RuleSet) -> &'a [bool] {
    p.may_match.get_or_init(|| match &p.changed {
        Some(changed) if set.patterns_are_line_local() => {
            let mut lines = String::new();
            for l in (0..p.vlines.len()).filter(|&l| changed[l]) {
                lines.push_str(p.vline(l));
                lines.push('\n');
            }
            set.may_match(&lines)
        }
        _ => set.may_match(&p.view.text),
    })
}
