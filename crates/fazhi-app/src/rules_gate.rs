use fazhi_core::{Calendar, Org, SourceFile};
use fazhi_flow::{Dossier, GateError, GateFinding, GateSeverity, ReviewGate, Step};
use fazhi_rules::{RulePack, RulesError, Severity};

/// The review gate of workflows, run by the rules engine: a step of kind review gate reviews
/// the instance's dossier with the rule packs (the people it names checked against org.ron),
/// and blocking findings keep its successors closed.
pub struct RulesGate {
    pack: RulePack,
    calendar: Calendar,
    org: Option<Org>,
}

impl RulesGate {
    /// A gate reviewing with `pack`, counting working days on `calendar`, checking people
    /// against `org` when given.
    pub fn new(pack: RulePack, calendar: Calendar, org: Option<Org>) -> RulesGate {
        RulesGate { pack, calendar, org }
    }

    /// The rule pack the gate reviews with.
    pub fn pack(&self) -> &RulePack {
        &self.pack
    }

    /// Reviews `dossier`.
    pub fn review(&self, dossier: &fazhi_rules::Dossier) -> Result<fazhi_rules::Review, RulesError> {
        self.pack.review_in(dossier, &self.calendar, self.org.as_ref())
    }
}

impl ReviewGate for RulesGate {
    fn review(&self, _step: &Step, dossier: &Dossier) -> Result<Vec<GateFinding>, GateError> {
        let parsed = fazhi_rules::Dossier::parse(SourceFile::new(dossier.path(), dossier.text()))
            .map_err(|err| GateError::Failed(err.to_string()))?;
        let review = match RulesGate::review(self, &parsed) {
            Ok(review) => review,
            // A dossier kind no module reviews (e.g. the annual report's data): nothing to check.
            Err(RulesError::UnknownKind { .. }) => return Ok(Vec::new()),
            Err(err) => return Err(GateError::Failed(err.to_string())),
        };
        Ok(review
            .findings
            .into_iter()
            .map(|finding| GateFinding {
                rule: finding.rule,
                severity: match finding.severity {
                    Severity::Block => GateSeverity::Block,
                    Severity::Warn => GateSeverity::Warn,
                    Severity::Info => GateSeverity::Info,
                },
                message: finding.message,
                basis: Some(finding.basis),
                path: finding.field,
            })
            .collect())
    }
}
