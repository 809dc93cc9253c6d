//! The pictures: Mermaid and DOT output of every stock workflow (and of an instance, coloured
//! by state) parse. No Graphviz or Mermaid tool is needed: the checks below parse the subset of
//! each grammar the renderer writes, and check that every edge joins declared nodes.

use std::collections::HashSet;

use fazhi_flow::{render, GraphFormat, WorkflowSet};

/// A recursive-descent parser for the DOT language's statements (graph, node, edge and
/// attribute statements; IDs as names, numerals or quoted strings).
struct Dot<'t> {
    tokens: Vec<&'t str>,
    at: usize,
    nodes: HashSet<String>,
    edges: Vec<(String, String)>,
}

fn tokenize(text: &str) -> Result<Vec<&str>, String> {
    let mut tokens = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'"' {
            let start = i;
            i += 1;
            loop {
                match bytes.get(i) {
                    None => return Err(format!("unterminated string at byte {start}")),
                    Some(b'\\') => i += 2,
                    Some(b'"') => break,
                    Some(_) => i += 1,
                }
            }
            i += 1;
            tokens.push(&text[start..i]);
        } else if text[i..].starts_with("->") {
            tokens.push("->");
            i += 2;
        } else if b"{}[];,=".contains(&c) {
            tokens.push(&text[i..i + 1]);
            i += 1;
        } else if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'-' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'.') {
                i += 1;
            }
            if i == start {
                return Err(format!("unexpected `{}` at byte {i}", c as char));
            }
            tokens.push(&text[start..i]);
        } else {
            return Err(format!("unexpected `{}` at byte {i}", text[i..].chars().next().unwrap()));
        }
    }
    Ok(tokens)
}

impl<'t> Dot<'t> {
    fn parse(text: &'t str) -> Result<Dot<'t>, String> {
        let mut dot = Dot { tokens: tokenize(text)?, at: 0, nodes: HashSet::new(), edges: Vec::new() };
        dot.expect("digraph")?;
        if dot.peek() != Some("{") {
            dot.id()?;
        }
        dot.expect("{")?;
        while dot.peek() != Some("}") {
            dot.statement()?;
            if dot.peek() == Some(";") {
                dot.at += 1;
            }
        }
        dot.expect("}")?;
        if dot.at != dot.tokens.len() {
            return Err("text after the graph".to_string());
        }
        for (from, to) in &dot.edges {
            if !dot.nodes.contains(from) || !dot.nodes.contains(to) {
                return Err(format!("edge {from} -> {to} joins an undeclared node"));
            }
        }
        Ok(dot)
    }

    fn peek(&self) -> Option<&'t str> {
        self.tokens.get(self.at).copied()
    }

    fn expect(&mut self, token: &str) -> Result<(), String> {
        match self.peek() {
            Some(found) if found == token => {
                self.at += 1;
                Ok(())
            }
            found => Err(format!("expected `{token}`, found {found:?}")),
        }
    }

    fn id(&mut self) -> Result<String, String> {
        match self.peek() {
            Some(token)
                if token.starts_with('"') || token.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)) =>
            {
                self.at += 1;
                Ok(token.trim_matches('"').to_string())
            }
            found => Err(format!("expected an ID, found {found:?}")),
        }
    }

    fn attributes(&mut self) -> Result<(), String> {
        self.expect("[")?;
        while self.peek() != Some("]") {
            self.id()?;
            self.expect("=")?;
            self.id()?;
            if matches!(self.peek(), Some(",") | Some(";")) {
                self.at += 1;
            }
        }
        self.expect("]")
    }

    fn statement(&mut self) -> Result<(), String> {
        if matches!(self.peek(), Some("graph") | Some("node") | Some("edge")) {
            self.at += 1;
            return self.attributes();
        }
        let first = self.id()?;
        match self.peek() {
            Some("=") => {
                self.at += 1;
                self.id()?;
            }
            Some("->") => {
                let mut from = first;
                while self.peek() == Some("->") {
                    self.at += 1;
                    let to = self.id()?;
                    self.edges.push((from, to.clone()));
                    from = to;
                }
                if self.peek() == Some("[") {
                    self.attributes()?;
                }
            }
            _ => {
                self.nodes.insert(first);
                if self.peek() == Some("[") {
                    self.attributes()?;
                }
            }
        }
        Ok(())
    }
}

/// Checks the Mermaid flowchart subset: front matter, `flowchart TD`, node definitions with
/// balanced shapes and quoted labels, edges between defined nodes, class statements.
fn check_mermaid(text: &str) -> Result<usize, String> {
    let mut lines = text.lines();
    let front: Vec<&str> = lines.by_ref().take(3).collect();
    if front.len() != 3 || front[0] != "---" || !front[1].starts_with("title: \"") || front[2] != "---" {
        return Err(format!("bad front matter {front:?}"));
    }
    if lines.next() != Some("flowchart TD") {
        return Err("no `flowchart TD`".to_string());
    }
    let shapes = [("[\"", "\"]"), ("{{\"", "\"}}"), ("{\"", "\"}"), ("[/\"", "\"/]"), ("[(\"", "\")]")];
    let mut nodes = HashSet::new();
    let mut classes = HashSet::new();
    let mut edges = 0;
    for line in lines {
        let line = line.trim();
        if let Some((from, to)) = line.split_once(" --> ") {
            if !nodes.contains(from) || !nodes.contains(to) {
                return Err(format!("edge `{line}` joins an undefined node"));
            }
            edges += 1;
        } else if let Some(rest) = line.strip_prefix("classDef ") {
            let (name, style) = rest.split_once(' ').ok_or(format!("bad classDef `{line}`"))?;
            if !style.split(',').all(|part| part.contains(':')) {
                return Err(format!("bad style `{style}`"));
            }
            classes.insert(name.to_string());
        } else if let Some(rest) = line.strip_prefix("class ") {
            let (members, class) = rest.split_once(' ').ok_or(format!("bad class `{line}`"))?;
            if !classes.contains(class) || !members.split(',').all(|m| nodes.contains(m)) {
                return Err(format!("class `{line}` names an undefined node or class"));
            }
        } else {
            let id_end = line.find(|c: char| !c.is_ascii_alphanumeric()).ok_or(format!("bad line `{line}`"))?;
            let (id, shape) = line.split_at(id_end);
            let (open, close) = shapes
                .iter()
                .find(|(open, close)| shape.starts_with(open) && shape.ends_with(close))
                .ok_or(format!("bad node `{line}`"))?;
            let label = &shape[open.len()..shape.len() - close.len()];
            if label.contains('"') {
                return Err(format!("unescaped quote in `{line}`"));
            }
            nodes.insert(id);
        }
    }
    Ok(edges)
}

#[test]
fn every_stock_workflow_renders_as_dot_and_mermaid_that_parse() {
    let set = WorkflowSet::stock().unwrap();
    for workflow in set.iter() {
        let dot = render(workflow, None, GraphFormat::Dot);
        let parsed = Dot::parse(&dot).unwrap_or_else(|err| panic!("{}: {err}\n{dot}", workflow.id));
        assert_eq!(parsed.nodes.len(), workflow.steps.len());
        assert_eq!(parsed.edges.len(), workflow.graph().edge_count());
        let mermaid = render(workflow, None, GraphFormat::Mermaid);
        let edges = check_mermaid(&mermaid).unwrap_or_else(|err| panic!("{}: {err}\n{mermaid}", workflow.id));
        assert_eq!(edges, workflow.graph().edge_count());
    }
    let enforcement = set.get("enforcement_case").unwrap();
    insta::assert_snapshot!("enforcement_case_dot", render(enforcement, None, GraphFormat::Dot));
    insta::assert_snapshot!("enforcement_case_mermaid", render(enforcement, None, GraphFormat::Mermaid));
}

#[test]
fn the_checkers_reject_broken_text() {
    assert!(Dot::parse("digraph x { \"a\" -> \"b\"; }").is_err(), "undeclared nodes");
    assert!(Dot::parse("digraph x { \"a\" [label=\"x]; }").is_err(), "unterminated string");
    assert!(Dot::parse("digraph x { \"a\" [label=]; }").is_err(), "missing value");
    assert!(Dot::parse("digraph x { \"a\"; \"b\"; \"a\" -> \"b\" [color=red]; }").is_ok());
    assert!(check_mermaid("---\ntitle: \"x\"\n---\nflowchart TD\n    s0[\"a\"]\n    s0 --> s1\n").is_err());
    assert!(check_mermaid("---\ntitle: \"x\"\n---\nflowchart TD\n    s0[\"a\"b\"]\n").is_err());
}
