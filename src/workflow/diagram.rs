//! Draws each state machine as an SVG, from [`all_states`] and [`all_transitions`], so the
//! picture on the workflow page (and in `docs/`) cannot drift from the table the code
//! enforces. Pure: no I/O, no external tools.
//!
//! # Layout (a small Sugiyama-style drawing)
//!
//! 1. **Edges.** Rows with the same from- and to-state are merged into one arrow carrying
//!    every action (and its legal source) as its label. Self-loops are drawn as small loops
//!    on the right of their box.
//! 2. **Layers.** A depth-first search from the initial state marks the edges that go back
//!    to a state on the current path (suspend/resume, re-investigation); without them the
//!    graph is acyclic and each state's layer is its longest path from the initial state.
//! 3. **Ranks.** States sit on even ranks (2 x layer). Every arrow is cut into pieces, one per
//!    rank it crosses: the odd rank next to its source holds its *label* (a node as wide as
//!    the text, so labels never overlap), other ranks hold a thin bend point.
//! 4. **Order.** Within each rank, nodes are ordered by repeated barycentre sweeps, keeping
//!    the order with the fewest crossings.
//! 5. **Position.** Each node is pulled towards the mean position of its neighbours, then the
//!    rank is pushed apart (pool-adjacent-violators) so nothing overlaps; repeated a few times
//!    top-down and bottom-up.
//! 6. **Drawing.** Rounded boxes (terminal states with a double border, the initial state
//!    shaded), arrows as vertical runs joined by S-curves, labels beside their arrow's
//!    vertical run. Arrows back to an earlier layer are dashed.
//!
//! Text widths are estimated from character counts (no font metrics), generously.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{MachineName, StateRecord, TransitionRecord, all_states, all_transitions};

/// How the SVG sizes itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// Width and height in pixels: a standalone file, drawn at its natural size.
    Natural,
    /// `width="100%"` with a viewBox: scales to its container (inline in a page).
    Fluid,
}

/// The SVG of one machine.
pub fn svg(machine: MachineName, size: Size) -> String {
    let states: Vec<StateRecord> = all_states()
        .into_iter()
        .filter(|s| s.machine == machine.as_str())
        .collect();
    let transitions: Vec<TransitionRecord> = all_transitions()
        .into_iter()
        .filter(|t| t.machine == machine.as_str())
        .collect();
    draw(machine, &states, &transitions, size)
}

/// Escapes text for SVG/XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

// ---- dimensions -------------------------------------------------------------------------

const MARGIN: f64 = 24.0;
const H_GAP: f64 = 22.0;
const V_GAP: f64 = 34.0;
const STATE_FONT: f64 = 14.0;
const STATE_LINE: f64 = 18.0;
const STATE_WRAP: usize = 22;
const ACTION_FONT: f64 = 13.0;
const ACTION_LINE: f64 = 16.0;
const ACTION_WRAP: usize = 30;
const SOURCE_FONT: f64 = 11.0;
const SOURCE_LINE: f64 = 14.0;
const SOURCE_WRAP: usize = 36;
/// Space between one action's source and the next action in a label.
const LABEL_PARA: f64 = 4.0;
/// How far right of its arrow a label's text starts.
const LABEL_OFFSET: f64 = 7.0;
const LOOP_WIDTH: f64 = 26.0;
/// An action reaching one state from this many states or more is drawn as a fan-in.
const FAN_IN: usize = 6;
const FONT_FAMILY: &str = "Arial, Helvetica, sans-serif";
const INK: &str = "#0b0c0c";
const SECONDARY: &str = "#484949";
const BOX_FILL: &str = "#f3f2f1";
const INITIAL_FILL: &str = "#d2e2f1";
const TERMINAL_FILL: &str = "#e5e6e7";

fn text_width(text: &str, font: f64, bold: bool) -> f64 {
    let per_char = if bold { 0.62 } else { 0.56 };
    text.chars().count() as f64 * font * per_char
}

/// Greedy word wrap to at most `width` characters a line (a longer word gets a line).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

// ---- the graph --------------------------------------------------------------------------

/// One action on an arrow: its label and legal source.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Action {
    label: &'static str,
    source: &'static str,
}

/// How a line of a label is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Action,
    Detail,
    Source,
}

impl Style {
    /// Font size, line height, colour.
    fn metrics(self) -> (f64, f64, &'static str) {
        match self {
            Style::Action => (ACTION_FONT, ACTION_LINE, INK),
            Style::Detail => (SOURCE_FONT, SOURCE_LINE, INK),
            Style::Source => (SOURCE_FONT, SOURCE_LINE, SECONDARY),
        }
    }
}

/// A wrapped label block.
#[derive(Debug, Clone)]
struct Label {
    lines: Vec<(String, Style)>,
    width: f64,
    height: f64,
    /// For a fan-in: the action and its target.
    key: (&'static str, usize),
}

impl Label {
    fn new(actions: &[Action]) -> Label {
        let mut lines = Vec::new();
        let mut width: f64 = 0.0;
        let mut height = 0.0;
        for (i, a) in actions.iter().enumerate() {
            if i > 0 {
                height += LABEL_PARA;
            }
            push(
                &mut lines,
                &mut width,
                &mut height,
                a.label,
                ACTION_WRAP,
                Style::Action,
            );
            push(
                &mut lines,
                &mut width,
                &mut height,
                a.source,
                SOURCE_WRAP,
                Style::Source,
            );
        }
        Label {
            lines,
            width,
            height,
            key: ("", 0),
        }
    }

    /// The label of a fan-in: one action taken from many states.
    fn fan(action: &str, from: &[&str], sources: &[&str]) -> Label {
        let mut lines = Vec::new();
        let mut width: f64 = 0.0;
        let mut height = 0.0;
        push(
            &mut lines,
            &mut width,
            &mut height,
            action,
            ACTION_WRAP,
            Style::Action,
        );
        let from = format!("from any of: {}", from.join(", "));
        push(
            &mut lines,
            &mut width,
            &mut height,
            &from,
            44,
            Style::Detail,
        );
        push(
            &mut lines,
            &mut width,
            &mut height,
            &sources.join("; "),
            SOURCE_WRAP,
            Style::Source,
        );
        Label {
            lines,
            width,
            height,
            key: ("", 0),
        }
    }
}

fn push(
    lines: &mut Vec<(String, Style)>,
    width: &mut f64,
    height: &mut f64,
    text: &str,
    wrap_at: usize,
    style: Style,
) {
    let (font, line_height, _) = style.metrics();
    for l in wrap(text, wrap_at) {
        *width = width.max(text_width(&l, font, false));
        *height += line_height;
        lines.push((l, style));
    }
}

#[derive(Debug)]
struct Edge {
    from: usize,
    to: usize,
    actions: Vec<Action>,
    back: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    State(usize),
    Label(usize),
    Bend(usize),
}

/// A node on a rank. Occupies [x - left, x + right]; `x` is where arrows attach (a box's
/// centre, the vertical run of an arrow beside its label).
#[derive(Debug, Clone)]
struct Node {
    kind: Kind,
    rank: usize,
    left: f64,
    right: f64,
    height: f64,
    x: f64,
}

struct StateBox {
    lines: Vec<String>,
    width: f64,
    height: f64,
    loop_label: Option<Label>,
}

/// Longest-path layers from `initial`, ignoring the edges marked `back`.
fn layers(n: usize, initial: usize, edges: &mut [Edge]) -> Vec<usize> {
    // Depth-first search, iterative, in table order; an edge to a state still on the stack
    // closes a cycle and is marked as going back.
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in edges.iter().enumerate() {
        out[e.from].push(i);
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnStack,
        Done,
    }
    let mut mark = vec![Mark::New; n];
    let roots = std::iter::once(initial).chain(0..n);
    for root in roots {
        if mark[root] != Mark::New {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        mark[root] = Mark::OnStack;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&ei) = out[v].get(*next) {
                *next += 1;
                let w = edges[ei].to;
                match mark[w] {
                    Mark::New => {
                        mark[w] = Mark::OnStack;
                        stack.push((w, 0));
                    }
                    Mark::OnStack => edges[ei].back = true,
                    Mark::Done => {}
                }
            } else {
                mark[v] = Mark::Done;
                stack.pop();
            }
        }
    }
    let mut layer = vec![0usize; n];
    // The forward edges form a DAG, so n rounds of relaxation reach the fixed point.
    for _ in 0..n {
        let mut changed = false;
        for e in edges.iter().filter(|e| !e.back) {
            if layer[e.to] < layer[e.from] + 1 {
                layer[e.to] = layer[e.from] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    layer
}

fn crossings(rank_of: &[usize], pos: &[usize], segments: &[(usize, usize)]) -> usize {
    let mut per_rank: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for &(a, b) in segments {
        per_rank
            .entry(rank_of[a])
            .or_default()
            .push((pos[a], pos[b]));
    }
    let mut count = 0;
    for list in per_rank.values() {
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                if (a.0 < b.0 && a.1 > b.1) || (a.0 > b.0 && a.1 < b.1) {
                    count += 1;
                }
            }
        }
    }
    count
}

/// Places the nodes of one rank (in order) as close to their targets as the spacing allows:
/// pool-adjacent-violators over blocks of touching nodes.
fn pack(nodes: &mut [Node], order: &[usize], targets: &[f64]) {
    // Offsets of each node from its block's first node, and each block's members.
    struct Block {
        start: usize,
        end: usize,
        sum: f64,
        count: f64,
        pos: f64,
    }
    let mut offset = vec![0.0; order.len()];
    let mut blocks: Vec<Block> = Vec::new();
    for i in 0..order.len() {
        let mut block = Block {
            start: i,
            end: i + 1,
            sum: targets[i],
            count: 1.0,
            pos: targets[i],
        };
        offset[i] = 0.0;
        while let Some(prev) = blocks.last() {
            let last = prev.end - 1;
            let min_gap = nodes[order[last]].right + H_GAP + nodes[order[block.start]].left;
            let prev_last_x = prev.pos + offset[last];
            let first_x = block.pos + offset[block.start];
            if first_x - prev_last_x >= min_gap {
                break;
            }
            let Some(prev) = blocks.pop() else { break };
            // Merge: shift this block's offsets to follow the previous block.
            let shift = offset[last] + min_gap - offset[block.start];
            for o in &mut offset[block.start..block.end] {
                *o += shift;
            }
            let sum = prev.sum + block.sum - shift * block.count;
            let count = prev.count + block.count;
            block = Block {
                start: prev.start,
                end: block.end,
                sum,
                count,
                pos: sum / count,
            };
        }
        blocks.push(block);
    }
    for b in &blocks {
        for i in b.start..b.end {
            nodes[order[i]].x = b.pos + offset[i];
        }
    }
}

/// A piece of an arrow: from, to, and whether it is an S-curve (else a straight line).
type Segment = ((f64, f64), (f64, f64), bool);

/// Draws one machine.
fn draw(
    machine: MachineName,
    states: &[StateRecord],
    transitions: &[TransitionRecord],
    size: Size,
) -> String {
    let n = states.len();
    let index = |code: &str| states.iter().position(|s| s.state == code);
    let initial = states.iter().position(|s| s.initial).unwrap_or(0);

    // 1. Edges, merged by (from, to); self-loops apart. An action leading to one state from
    //    FAN_IN or more states (recording a withdrawal) is drawn once, as a fan-in label
    //    above its target listing the states it may be taken from; its edges still count
    //    for the layering.
    let mut fan_from: BTreeMap<(&str, usize), Vec<usize>> = BTreeMap::new();
    for t in transitions {
        if let (Some(from), Some(to)) = (index(t.from), index(t.to))
            && from != to
        {
            let list = fan_from.entry((t.action, to)).or_default();
            if !list.contains(&from) {
                list.push(from);
            }
        }
    }
    fan_from.retain(|_, froms| froms.len() >= FAN_IN);
    let mut fans: Vec<(usize, Label)> = Vec::new();
    for t in transitions {
        let Some(to) = index(t.to) else { continue };
        let Some(froms) = fan_from.get(&(t.action, to)) else {
            continue;
        };
        if fans.iter().any(|(_, l)| l.key == (t.action, to)) {
            continue;
        }
        let names: Vec<&str> = froms.iter().map(|&f| states[f].label).collect();
        let mut sources: Vec<&str> = Vec::new();
        for u in transitions
            .iter()
            .filter(|u| u.action == t.action && index(u.to) == Some(to))
        {
            if !sources.contains(&u.source) {
                sources.push(u.source);
            }
        }
        let mut label = Label::fan(t.action_label, &names, &sources);
        label.key = (t.action, to);
        fans.push((to, label));
    }
    let mut edges: Vec<Edge> = Vec::new();
    let mut loops: Vec<Vec<Action>> = vec![Vec::new(); n];
    for t in transitions {
        let (Some(from), Some(to)) = (index(t.from), index(t.to)) else {
            continue;
        };
        let action = Action {
            label: t.action_label,
            source: t.source,
        };
        let fanned = fan_from.contains_key(&(t.action, to));
        let list = if from == to {
            &mut loops[from]
        } else if let Some(e) = edges.iter_mut().find(|e| e.from == from && e.to == to) {
            &mut e.actions
        } else {
            edges.push(Edge {
                from,
                to,
                actions: Vec::new(),
                back: false,
            });
            let last = edges.len() - 1;
            &mut edges[last].actions
        };
        if !fanned && !list.contains(&action) {
            list.push(action);
        }
    }

    // 2. Layers.
    let layer = layers(n, initial, &mut edges);

    // 3. Nodes and ranks.
    let boxes: Vec<StateBox> = states
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let lines = wrap(s.label, STATE_WRAP);
            let text = lines
                .iter()
                .map(|l| text_width(l, STATE_FONT, true))
                .fold(0.0, f64::max);
            StateBox {
                width: (text + 28.0).max(130.0),
                height: lines.len() as f64 * STATE_LINE + 22.0,
                lines,
                loop_label: (!loops[i].is_empty()).then(|| Label::new(&loops[i])),
            }
        })
        .collect();
    let mut nodes: Vec<Node> = Vec::new();
    for (i, b) in boxes.iter().enumerate() {
        let loop_extent = b
            .loop_label
            .as_ref()
            .map_or(0.0, |l| LOOP_WIDTH + 6.0 + l.width);
        let loop_height = b.loop_label.as_ref().map_or(0.0, |l| l.height);
        nodes.push(Node {
            kind: Kind::State(i),
            rank: 2 * layer[i],
            left: b.width / 2.0,
            right: b.width / 2.0 + loop_extent,
            height: b.height.max(loop_height),
            x: 0.0,
        });
    }
    let mut labels: Vec<Label> = edges.iter().map(|e| Label::new(&e.actions)).collect();
    // Each drawn edge's chain of nodes, top to bottom, including its two states, and
    // whether it goes back.
    let mut chains: Vec<(Vec<usize>, bool)> = Vec::new();
    for (ei, e) in edges.iter().enumerate() {
        if e.actions.is_empty() {
            continue;
        }
        let (upper, lower) = if e.back {
            (e.to, e.from)
        } else {
            (e.from, e.to)
        };
        let label_rank = if e.back {
            2 * layer[e.from] - 1
        } else {
            2 * layer[e.from] + 1
        };
        let mut chain = vec![upper];
        for rank in (2 * layer[upper] + 1)..(2 * layer[lower]) {
            let node = if rank == label_rank {
                Node {
                    kind: Kind::Label(ei),
                    rank,
                    left: 6.0,
                    right: LABEL_OFFSET + labels[ei].width,
                    height: labels[ei].height,
                    x: 0.0,
                }
            } else {
                Node {
                    kind: Kind::Bend(ei),
                    rank,
                    left: 4.0,
                    right: 4.0,
                    height: 0.0,
                    x: 0.0,
                }
            };
            nodes.push(node);
            chain.push(nodes.len() - 1);
        }
        chain.push(lower);
        chains.push((chain, e.back));
    }
    for (to, label) in fans {
        labels.push(label);
        let li = labels.len() - 1;
        nodes.push(Node {
            kind: Kind::Label(li),
            rank: (2 * layer[to]).saturating_sub(1),
            left: 6.0,
            right: LABEL_OFFSET + labels[li].width,
            height: labels[li].height,
            x: 0.0,
        });
        chains.push((vec![nodes.len() - 1, to], false));
    }
    let rank_count = nodes.iter().map(|n| n.rank).max().unwrap_or(0) + 1;
    let mut ranks: Vec<Vec<usize>> = vec![Vec::new(); rank_count];
    for (id, node) in nodes.iter().enumerate() {
        ranks[node.rank].push(id);
    }
    let segments: Vec<(usize, usize)> = chains
        .iter()
        .flat_map(|(c, _)| c.windows(2).map(|w| (w[0], w[1])))
        .collect();
    let mut up: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let mut down: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for &(a, b) in &segments {
        down[a].push(b);
        up[b].push(a);
    }

    // 4. Order within ranks.
    let mut pos = vec![0usize; nodes.len()];
    let positions = |ranks: &[Vec<usize>], pos: &mut [usize]| {
        for rank in ranks {
            for (p, &id) in rank.iter().enumerate() {
                pos[id] = p;
            }
        }
    };
    positions(&ranks, &mut pos);
    let rank_of: Vec<usize> = nodes.iter().map(|n| n.rank).collect();
    let mut best = ranks.clone();
    let mut best_crossings = crossings(&rank_of, &pos, &segments);
    for iteration in 0..16 {
        let downward = iteration % 2 == 0;
        let order: Vec<usize> = if downward {
            (1..rank_count).collect()
        } else {
            (0..rank_count.saturating_sub(1)).rev().collect()
        };
        for r in order {
            let neighbours = if downward { &up } else { &down };
            let mut keyed: Vec<(f64, usize)> = ranks[r]
                .iter()
                .map(|&id| {
                    let ns = &neighbours[id];
                    let key = if ns.is_empty() {
                        pos[id] as f64
                    } else {
                        ns.iter().map(|&m| pos[m] as f64).sum::<f64>() / ns.len() as f64
                    };
                    (key, id)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            ranks[r] = keyed.into_iter().map(|(_, id)| id).collect();
            for (p, &id) in ranks[r].iter().enumerate() {
                pos[id] = p;
            }
        }
        let c = crossings(&rank_of, &pos, &segments);
        if c < best_crossings {
            best_crossings = c;
            best = ranks.clone();
        }
    }
    let ranks = best;

    // 5. Horizontal positions.
    for rank in &ranks {
        let mut x = 0.0;
        for &id in rank {
            x += nodes[id].left;
            nodes[id].x = x;
            x += nodes[id].right + H_GAP;
        }
    }
    for iteration in 0..24 {
        let downward = iteration % 2 == 0;
        let order: Vec<usize> = if downward {
            (1..rank_count).collect()
        } else {
            (0..rank_count.saturating_sub(1)).rev().collect()
        };
        for r in order {
            let neighbours = if downward { &up } else { &down };
            let targets: Vec<f64> = ranks[r]
                .iter()
                .map(|&id| {
                    let ns = &neighbours[id];
                    if ns.is_empty() {
                        nodes[id].x
                    } else {
                        ns.iter().map(|&m| nodes[m].x).sum::<f64>() / ns.len() as f64
                    }
                })
                .collect();
            pack(&mut nodes, &ranks[r], &targets);
        }
    }
    // Straighten long arrows: a run of bend points takes one x where the ranks allow it.
    let mut slot = vec![0usize; nodes.len()];
    for rank in &ranks {
        for (p, &id) in rank.iter().enumerate() {
            slot[id] = p;
        }
    }
    for (chain, _) in &chains {
        let bends: Vec<usize> = chain
            .iter()
            .copied()
            .filter(|&id| matches!(nodes[id].kind, Kind::Bend(_)))
            .collect();
        if bends.len() < 2 {
            continue;
        }
        let mut candidates: Vec<f64> = bends.iter().map(|&id| nodes[id].x).collect();
        candidates.sort_by(f64::total_cmp);
        let median = candidates[candidates.len() / 2];
        for x in std::iter::once(median).chain(candidates) {
            let fits = bends.iter().all(|&id| {
                let rank = &ranks[nodes[id].rank];
                let p = slot[id];
                let left_ok = p == 0 || {
                    let l = &nodes[rank[p - 1]];
                    l.x + l.right + H_GAP + nodes[id].left <= x
                };
                let right_ok = rank
                    .get(p + 1)
                    .is_none_or(|&r| x + nodes[id].right + H_GAP + nodes[r].left <= nodes[r].x);
                left_ok && right_ok
            });
            if fits {
                for &id in &bends {
                    nodes[id].x = x;
                }
                break;
            }
        }
    }
    let min_x = nodes
        .iter()
        .map(|n| n.x - n.left)
        .fold(f64::INFINITY, f64::min);
    let shift = MARGIN - if min_x.is_finite() { min_x } else { 0.0 };
    for node in &mut nodes {
        node.x += shift;
    }
    let width = nodes.iter().map(|n| n.x + n.right).fold(0.0, f64::max) + MARGIN;

    // Vertical: each rank is a band as tall as its tallest node.
    let mut band_top = vec![0.0; rank_count];
    let mut band_bottom = vec![0.0; rank_count];
    let mut y = MARGIN;
    for (r, rank) in ranks.iter().enumerate() {
        let h = rank.iter().map(|&id| nodes[id].height).fold(0.0, f64::max);
        band_top[r] = y;
        band_bottom[r] = y + h;
        y += h + V_GAP;
    }
    let legend_y = y;
    let height = legend_y + 30.0;

    // Ports: arrows leave a box's bottom and enter its top, spread along its width in the
    // order of the node at their other end.
    let mut bottom_port: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    let mut top_port: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for (i, b) in boxes.iter().enumerate() {
        let cx = nodes[i].x;
        let spread = b.width * 0.7;
        let mut downs: Vec<usize> = down[i].clone();
        downs.sort_by(|a, c| nodes[*a].x.total_cmp(&nodes[*c].x));
        for (k, &m) in downs.iter().enumerate() {
            let x = cx - spread / 2.0 + spread * (k as f64 + 1.0) / (downs.len() as f64 + 1.0);
            bottom_port.insert((i, m), x);
        }
        let mut ups: Vec<usize> = up[i].clone();
        ups.sort_by(|a, c| nodes[*a].x.total_cmp(&nodes[*c].x));
        for (k, &m) in ups.iter().enumerate() {
            let x = cx - spread / 2.0 + spread * (k as f64 + 1.0) / (ups.len() as f64 + 1.0);
            top_port.insert((i, m), x);
        }
    }

    // 6. Drawing.
    let id = format!("wf-{}", machine.as_str());
    let title = format!("The {} workflow", machine.label().to_lowercase());
    let desc = description(machine, states, transitions);
    let mut s = String::new();
    let (w_attr, h_attr) = match size {
        Size::Natural => (format!("{width:.0}"), format!(" height=\"{height:.0}\"")),
        Size::Fluid => ("100%".to_owned(), String::new()),
    };
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{w_attr}\"{h_attr} \
         viewBox=\"0 0 {width:.0} {height:.0}\" aria-labelledby=\"{id}-title {id}-desc\" \
         font-family=\"{FONT_FAMILY}\">"
    );
    let _ = writeln!(s, "<title id=\"{id}-title\">{}</title>", escape(&title));
    let _ = writeln!(s, "<desc id=\"{id}-desc\">{}</desc>", escape(&desc));
    let _ = writeln!(
        s,
        "<defs><marker id=\"{id}-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
         markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\" markerUnits=\"userSpaceOnUse\">\
         <path d=\"M0,0 L10,5 L0,10 z\" fill=\"{INK}\"/></marker></defs>"
    );
    let _ = writeln!(
        s,
        "<rect x=\"0\" y=\"0\" width=\"{width:.0}\" height=\"{height:.0}\" fill=\"#ffffff\"/>"
    );

    // Arrows first, so boxes and labels sit on top.
    let _ = writeln!(s, "<g fill=\"none\" stroke=\"{INK}\" stroke-width=\"1.5\">");
    for (chain, back) in &chains {
        let mut points: Vec<(f64, f64)> = Vec::new();
        let mut curve_after: Vec<bool> = Vec::new();
        let (Some(&first), Some(&last)) = (chain.first(), chain.last()) else {
            continue;
        };
        let next = chain.get(1).copied().unwrap_or(last);
        let prev = chain
            .get(chain.len().saturating_sub(2))
            .copied()
            .unwrap_or(first);
        let start_x = bottom_port
            .get(&(first, next))
            .copied()
            .unwrap_or(nodes[first].x);
        let start_rank = nodes[first].rank;
        let start_y = match nodes[first].kind {
            Kind::State(i) => band_top[start_rank] + boxes[i].height,
            _ => band_top[start_rank],
        };
        points.push((start_x, start_y));
        curve_after.push(false);
        points.push((start_x, band_bottom[start_rank]));
        curve_after.push(true);
        for &mid in &chain[1..chain.len() - 1] {
            let r = nodes[mid].rank;
            points.push((nodes[mid].x, band_top[r]));
            curve_after.push(false);
            points.push((nodes[mid].x, band_bottom[r]));
            curve_after.push(true);
        }
        let end_x = top_port
            .get(&(last, prev))
            .copied()
            .unwrap_or(nodes[last].x);
        points.push((end_x, band_top[nodes[last].rank]));
        // Segment k joins points k and k+1; its kind is curve_after[k].
        let mut segs: Vec<Segment> = points
            .windows(2)
            .zip(&curve_after)
            .map(|(w, &c)| (w[0], w[1], c))
            .filter(|(a, b, _)| (a.0 - b.0).abs() > 0.01 || (a.1 - b.1).abs() > 0.01)
            .collect();
        let back = *back;
        if back {
            segs.reverse();
            for seg in &mut segs {
                std::mem::swap(&mut seg.0, &mut seg.1);
            }
        }
        let mut d = String::new();
        if let Some(((x, y), _, _)) = segs.first() {
            let _ = write!(d, "M{x:.1},{y:.1}");
        }
        for ((x1, y1), (x2, y2), curve) in &segs {
            if *curve {
                let ym = (y1 + y2) / 2.0;
                let _ = write!(d, " C{x1:.1},{ym:.1} {x2:.1},{ym:.1} {x2:.1},{y2:.1}");
            } else {
                let _ = write!(d, " L{x2:.1},{y2:.1}");
            }
        }
        let dash = if back {
            " stroke-dasharray=\"6 4\""
        } else {
            ""
        };
        let _ = writeln!(s, "<path d=\"{d}\"{dash} marker-end=\"url(#{id}-arrow)\"/>");
    }
    // Self-loops on the right of their boxes.
    for (i, b) in boxes.iter().enumerate() {
        if b.loop_label.is_none() {
            continue;
        }
        let right = nodes[i].x + b.width / 2.0;
        let cy = band_top[nodes[i].rank] + b.height / 2.0;
        let _ = writeln!(
            s,
            "<path d=\"M{right:.1},{y1:.1} C{cx:.1},{y1a:.1} {cx:.1},{y2a:.1} {right:.1},{y2:.1}\" \
             marker-end=\"url(#{id}-arrow)\"/>",
            y1 = cy - 8.0,
            y2 = cy + 8.0,
            y1a = cy - 22.0,
            y2a = cy + 22.0,
            cx = right + LOOP_WIDTH + 8.0,
        );
    }
    let _ = writeln!(s, "</g>");

    // Boxes.
    for (i, b) in boxes.iter().enumerate() {
        let st = &states[i];
        let x = nodes[i].x - b.width / 2.0;
        let y = band_top[nodes[i].rank];
        let fill = if st.initial {
            INITIAL_FILL
        } else if st.terminal {
            TERMINAL_FILL
        } else {
            BOX_FILL
        };
        let stroke_width = if st.initial { 2.5 } else { 1.5 };
        let _ = writeln!(
            s,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"8\" \
             fill=\"{fill}\" stroke=\"{INK}\" stroke-width=\"{stroke_width}\"/>",
            w = b.width,
            h = b.height,
        );
        if st.terminal {
            let _ = writeln!(
                s,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"5\" \
                 fill=\"none\" stroke=\"{INK}\" stroke-width=\"1.5\"/>",
                x = x + 4.0,
                y = y + 4.0,
                w = b.width - 8.0,
                h = b.height - 8.0,
            );
        }
        let text_top = y + (b.height - b.lines.len() as f64 * STATE_LINE) / 2.0;
        for (k, line) in b.lines.iter().enumerate() {
            let _ = writeln!(
                s,
                "<text x=\"{cx:.1}\" y=\"{ty:.1}\" font-size=\"{STATE_FONT}\" font-weight=\"bold\" \
                 text-anchor=\"middle\" fill=\"{INK}\">{}</text>",
                escape(line),
                cx = nodes[i].x,
                ty = text_top + (k as f64 + 1.0) * STATE_LINE - 4.0,
            );
        }
        if let Some(label) = &b.loop_label {
            let lx = x + b.width + LOOP_WIDTH + 12.0;
            let ly = y + (b.height - label.height) / 2.0;
            write_label(&mut s, label, lx, ly.max(band_top[nodes[i].rank]));
        }
    }

    // Arrow labels beside their vertical runs.
    for node in &nodes {
        if let Kind::Label(ei) = node.kind {
            let label = &labels[ei];
            let top = band_top[node.rank]
                + (band_bottom[node.rank] - band_top[node.rank] - label.height) / 2.0;
            write_label(&mut s, label, node.x + LABEL_OFFSET, top);
        }
    }

    // Legend.
    let _ = writeln!(
        s,
        "<text x=\"{MARGIN}\" y=\"{ly:.1}\" font-size=\"{SOURCE_FONT}\" fill=\"{SECONDARY}\">\
         Shaded box: where it starts. Double border: where it ends. Dashed arrow: back to an \
         earlier stage. Small text: the legal source.</text>",
        ly = legend_y + 12.0,
    );
    s.push_str("</svg>\n");
    s
}

fn write_label(s: &mut String, label: &Label, x: f64, top: f64) {
    let mut y = top;
    let mut previous = None;
    for (line, style) in &label.lines {
        if previous == Some(Style::Source) && *style == Style::Action {
            y += LABEL_PARA;
        }
        let (font, line_height, fill) = style.metrics();
        y += line_height;
        let _ = writeln!(
            s,
            "<text x=\"{x:.1}\" y=\"{ty:.1}\" font-size=\"{font}\" fill=\"{fill}\">{}</text>",
            escape(line),
            ty = y - 4.0,
        );
        previous = Some(*style);
    }
}

/// The diagram's text alternative: every state and every transition in words.
pub fn description(
    machine: MachineName,
    states: &[StateRecord],
    transitions: &[TransitionRecord],
) -> String {
    let label = |code: &'static str| -> &'static str {
        states
            .iter()
            .find(|s| s.state == code)
            .map_or(code, |s| s.label)
    };
    let mut d = format!("The {} workflow.", machine.label().to_lowercase());
    if let Some(initial) = states.iter().find(|s| s.initial) {
        let _ = write!(d, " It starts at {}.", initial.label);
    }
    let names: Vec<&str> = states.iter().map(|s| s.label).collect();
    let _ = write!(d, " States: {}.", names.join(", "));
    let ends: Vec<&str> = states
        .iter()
        .filter(|s| s.terminal)
        .map(|s| s.label)
        .collect();
    if !ends.is_empty() {
        let _ = write!(d, " It ends at: {}.", ends.join(", "));
    }
    for t in transitions {
        let _ = write!(
            d,
            " From {}, {} leads to {} ({}).",
            label(t.from),
            t.action_label,
            label(t.to),
            t.source
        );
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_in_text() {
        assert_eq!(
            escape("a & b <c> \"d\""),
            "a &amp; b &lt;c&gt; &quot;d&quot;"
        );
    }

    #[test]
    fn wraps_at_word_boundaries() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("", 7), vec![String::new()]);
    }

    #[test]
    fn every_diagram_names_every_state_action_and_source() {
        for m in MachineName::ALL {
            let drawn = svg(*m, Size::Natural);
            assert!(drawn.starts_with("<svg") && drawn.trim_end().ends_with("</svg>"));
            assert!(
                drawn.contains("role=\"img\"")
                    && drawn.contains("<title")
                    && drawn.contains("<desc")
            );
            assert!(!drawn.contains("NaN") && !drawn.contains("inf"), "{m:?}");
            for s in all_states().iter().filter(|s| s.machine == m.as_str()) {
                assert!(drawn.contains(&escape(s.label)), "{m:?}: {}", s.label);
            }
            for t in all_transitions().iter().filter(|t| t.machine == m.as_str()) {
                assert!(
                    drawn.contains(&escape(t.action_label)),
                    "{m:?}: {}",
                    t.action_label
                );
                assert!(drawn.contains(&escape(t.source)), "{m:?}: {}", t.source);
            }
        }
    }

    #[test]
    fn the_initial_state_is_on_the_top_layer() {
        let mut edges = vec![
            Edge {
                from: 0,
                to: 1,
                actions: vec![],
                back: false,
            },
            Edge {
                from: 1,
                to: 2,
                actions: vec![],
                back: false,
            },
            Edge {
                from: 2,
                to: 1,
                actions: vec![],
                back: false,
            },
            Edge {
                from: 0,
                to: 2,
                actions: vec![],
                back: false,
            },
        ];
        let layer = layers(3, 0, &mut edges);
        assert_eq!(layer, vec![0, 1, 2]);
        assert!(edges[2].back && !edges[0].back && !edges[3].back);
    }

    /// The pictures in `docs/` are drawn by this code. Regenerate them with
    /// `UPDATE_DIAGRAMS=1 cargo test --lib diagram`.
    #[test]
    fn committed_docs_diagrams_match_the_code() {
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        for m in MachineName::ALL {
            let path = docs.join(format!("workflow-{}.svg", m.as_str()));
            let drawn = svg(*m, Size::Natural);
            if std::env::var_os("UPDATE_DIAGRAMS").is_some() {
                std::fs::write(&path, &drawn).expect("write the diagram");
                continue;
            }
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == drawn,
                "{} differs from what the code draws now; regenerate it with \
                 `UPDATE_DIAGRAMS=1 cargo test --lib diagram`",
                path.display()
            );
        }
    }
}
