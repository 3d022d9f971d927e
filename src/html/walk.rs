//! The one tree walk of HTML extraction: a subtree in document order, each node reported when it
//! opens (before its children) and when it closes (after them), where the visitor may step over
//! a subtree (a dropped element, a pruned container, a block already judged) or end the walk.
//!
//! It is a loop over the nodes' links (first child, next sibling, parent), never a recursion, so
//! a page nested a hundred thousand levels deep costs time, not stack; and a subtree stepped over
//! is not visited at all.

use ego_tree::iter::Edge;
use ego_tree::NodeRef;

/// What the walk does after an event: the visitor's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Go on: after an [`Edge::Open`], into the node's children.
    Continue,
    /// After an [`Edge::Open`]: step over the node's subtree, whose nodes and own
    /// [`Edge::Close`] are not reported. After an [`Edge::Close`], the same as `Continue`.
    Skip,
    /// End the walk.
    Stop,
}

/// Walks the subtree at `root` in document order: `visit` gets each node's [`Edge::Open`] and,
/// unless it answered [`Step::Skip`] to that, its [`Edge::Close`] after its children's, and
/// answers what to do next. The same events as [`NodeRef::traverse`], less the stepped-over
/// ones.
#[inline]
pub fn walk<'a, T>(root: NodeRef<'a, T>, mut visit: impl FnMut(Edge<'a, T>) -> Step) {
    let mut edge = Edge::Open(root);
    loop {
        // The node whose subtree is done: closed, or stepped over.
        let done = match (edge, visit(edge)) {
            (_, Step::Stop) => return,
            (Edge::Open(n), Step::Continue) => {
                edge = match n.first_child() {
                    Some(child) => Edge::Open(child),
                    None => Edge::Close(n),
                };
                continue;
            }
            (Edge::Open(n) | Edge::Close(n), _) => n,
        };
        if done.id() == root.id() {
            return;
        }
        edge = match (done.next_sibling(), done.parent()) {
            (Some(next), _) => Edge::Open(next),
            (None, Some(parent)) => Edge::Close(parent),
            (None, None) => return,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ego_tree::{tree, Tree};

    /// An event as `events` writes it: `b` opens b, `/b` closes it.
    fn label(edge: Edge<&str>) -> String {
        match edge {
            Edge::Open(n) => n.value().to_string(),
            Edge::Close(n) => format!("/{}", n.value()),
        }
    }

    /// The events of a walk over `tree` whose visitor answers `answer`, space-separated.
    fn events(tree: &Tree<&'static str>, answer: impl Fn(Edge<&str>) -> Step) -> String {
        let mut out = Vec::new();
        walk(tree.root(), |edge| {
            out.push(label(edge));
            answer(edge)
        });
        out.join(" ")
    }

    /// A visitor answering `step` to the event `at` (as [`label`] writes it), else `Continue`.
    fn answer_at(at: &'static str, step: Step) -> impl Fn(Edge<&str>) -> Step {
        move |edge| if label(edge) == at { step } else { Step::Continue }
    }

    /// `a(b(c d) e(f) g)`.
    fn sample() -> Tree<&'static str> {
        tree!("a" => { "b" => { "c", "d" }, "e" => { "f" }, "g" })
    }

    #[test]
    fn a_full_walk_reports_what_traverse_does() {
        let t = sample();
        let traverse: Vec<Edge<&str>> = t.root().traverse().collect();
        let mut walked = Vec::new();
        walk(t.root(), |e| {
            walked.push(e);
            Step::Continue
        });
        assert_eq!(walked, traverse);
        assert_eq!(
            events(&t, |_| Step::Continue),
            "a b c /c d /d /b e f /f /e g /g /a"
        );
    }

    #[test]
    fn a_skipped_subtree_is_not_reported_nor_its_close() {
        let t = sample();
        assert_eq!(events(&t, answer_at("b", Step::Skip)), "a b e f /f /e g /g /a");
        assert_eq!(
            events(&t, answer_at("g", Step::Skip)),
            "a b c /c d /d /b e f /f /e g /a"
        );
        assert_eq!(events(&t, |_| Step::Skip), "a");
    }

    #[test]
    fn a_stop_ends_the_walk_at_once() {
        let t = sample();
        assert_eq!(events(&t, answer_at("/d", Step::Stop)), "a b c /c d /d");
    }

    #[test]
    fn a_walk_stays_inside_its_root() {
        let t = sample();
        let e = t.root().children().nth(1).unwrap();
        let mut seen = Vec::new();
        walk(e, |edge| {
            if let Edge::Open(n) = edge {
                seen.push(*n.value());
            }
            Step::Continue
        });
        assert_eq!(seen, ["e", "f"]);
    }

    #[test]
    fn a_hundred_thousand_levels_cost_no_stack() {
        let mut t = Tree::new(0usize);
        let mut id = t.root().id();
        for depth in 1..=100_000 {
            id = t.get_mut(id).unwrap().append(depth).id();
        }
        let (mut opens, mut closes) = (0, 0);
        walk(t.root(), |edge| {
            match edge {
                Edge::Open(_) => opens += 1,
                Edge::Close(_) => closes += 1,
            }
            Step::Continue
        });
        assert_eq!((opens, closes), (100_001, 100_001));
    }
}
