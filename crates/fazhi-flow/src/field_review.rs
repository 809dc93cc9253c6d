use crate::{Dossier, GateError, GateFinding, ReviewGate, Step};

/// A simple review gate for tests and demonstrations: each rule is a dossier field that must
/// be present (not null, `false` or empty); a missing one gives the rule's finding.
#[derive(Debug, Clone, Default)]
pub struct FieldReview {
    /// (dotted field path, the finding given when it is missing).
    pub rules: Vec<(String, GateFinding)>,
}

impl FieldReview {
    /// Adds a rule: `field` must be present, else `finding`.
    pub fn require(mut self, field: &str, finding: GateFinding) -> FieldReview {
        self.rules.push((field.to_string(), finding));
        self
    }
}

impl ReviewGate for FieldReview {
    fn review(&self, _step: &Step, dossier: &Dossier) -> Result<Vec<GateFinding>, GateError> {
        let present = |field: &str| match dossier.field(field) {
            None | Some(serde_json::Value::Bool(false)) => false,
            Some(serde_json::Value::String(text)) => !text.trim().is_empty(),
            Some(serde_json::Value::Array(items)) => !items.is_empty(),
            Some(_) => true,
        };
        Ok(self
            .rules
            .iter()
            .filter(|(field, _)| !present(field))
            .map(|(field, finding)| GateFinding {
                path: finding.path.clone().or(Some(field.clone())),
                ..finding.clone()
            })
            .collect())
    }
}
