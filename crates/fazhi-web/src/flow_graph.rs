//! A workflow instance's graph as inline SVG, drawn on the server: steps in layers from the
//! start (each step one layer below its latest predecessor), coloured by their state.

use std::fmt::Write as _;

use fazhi_core::escape_html as escape;

use fazhi_flow::{InstanceStatus, Workflow};

const BOX_W: usize = 150;
const BOX_H: usize = 40;
const GAP_X: usize = 24;
const GAP_Y: usize = 34;
const MARGIN: usize = 10;

/// The SVG of `workflow` with the states of `status`. Every text is escaped.
pub fn svg(workflow: &Workflow, status: &InstanceStatus) -> String {
    let count = workflow.steps.len();
    let mut layer = vec![0usize; count];
    for &i in workflow.order() {
        layer[i] = workflow.predecessors(i).iter().map(|&p| layer[p] + 1).max().unwrap_or(0);
    }
    let layers = layer.iter().max().map_or(0, |l| l + 1);
    let mut slot = vec![0usize; count];
    let mut widths = vec![0usize; layers];
    for &i in workflow.order() {
        slot[i] = widths[layer[i]];
        widths[layer[i]] += 1;
    }
    let widest = widths.iter().copied().max().unwrap_or(1);
    let width = MARGIN * 2 + widest * BOX_W + (widest.saturating_sub(1)) * GAP_X;
    let height = MARGIN * 2 + layers * BOX_H + layers.saturating_sub(1) * GAP_Y;
    // Each layer centred.
    let x_of = |i: usize| {
        let row = widths[layer[i]];
        let row_width = row * BOX_W + row.saturating_sub(1) * GAP_X;
        (width - row_width) / 2 + slot[i] * (BOX_W + GAP_X)
    };
    let y_of = |i: usize| MARGIN + layer[i] * (BOX_H + GAP_Y);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"flow-graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}的流程图\">",
        escape(&workflow.name)
    );
    out.push_str(
        "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" \
         orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"arrow-head\"/></marker></defs>",
    );
    for i in 0..count {
        for j in workflow.successors(i) {
            let (x1, y1) = (x_of(i) + BOX_W / 2, y_of(i) + BOX_H);
            let (x2, y2) = (x_of(j) + BOX_W / 2, y_of(j));
            let mid = (y1 + y2) / 2;
            let _ = write!(
                out,
                "<path class=\"edge\" d=\"M{x1},{y1} C{x1},{mid} {x2},{mid} {x2},{}\" marker-end=\"url(#arrow)\"/>",
                y2 - 1
            );
        }
    }
    for (i, step) in workflow.steps.iter().enumerate() {
        let state = status.step(&step.id).map_or("waiting", |s| s.state.as_str());
        let (x, y) = (x_of(i), y_of(i));
        let name: String = step.name.chars().take(10).collect();
        let name = if step.name.chars().count() > 10 { format!("{name}…") } else { name };
        let _ = write!(
            out,
            "<g class=\"node {state}\"><title>{} · {}</title><rect x=\"{x}\" y=\"{y}\" width=\"{BOX_W}\" \
             height=\"{BOX_H}\" rx=\"6\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>",
            escape(&step.name),
            fazhi_flow::StepState::label_of(state),
            x + BOX_W / 2,
            y + BOX_H / 2 + 5,
            escape(&name)
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_is_escaped() {
        assert_eq!(super::escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
