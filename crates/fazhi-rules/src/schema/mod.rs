//! The dossier schema: what a dossier of each built-in kind may and must contain.
//!
//! Each kind's parts live in the kind's file. Every struct rejects unknown fields; an optional
//! field may be left out. Dates are `"YYYY-MM-DD"` strings; enumerations are strings from a
//! fixed set. The format is described in `docs/dossiers.md`.

mod disclosure_request;
mod dossier_date;
mod enforcement_decision;
mod major_contract;
mod major_decision;
mod string_enum;

pub use disclosure_request::{
    Applicant, Correction, DisclosureRequest, DisclosureStage, Reply, ReplyExtension, ReplyOutcome, SubmissionChannel,
    ThirdParty,
};
pub use dossier_date::DossierDate;
pub use enforcement_decision::{
    AdvanceNotice, EnforcementDecision, EnforcementHearing, EnforcementStage, LegalReview, LegalReviewConclusion,
    LegalReviewTrigger, Officer, OtherTimeLimit, Party, PartyKind, Penalty, PenaltyKind, Service, ServiceMethod,
    StatementDefence, WholeProcessRecord,
};
pub use major_contract::{
    CollectiveDecision, ContractCategory, ContractStage, Counterparty, MajorContract, Payment, Signatory,
    SignatoryRole, Term, WrittenOpinion,
};
pub use major_decision::{
    Archive, DecisionHearing, DecisionStage, Expert, ExpertArgumentation, FairCompetitionReview, LegalAdviserOpinion,
    LegalityReview, MajorDecision, Meeting, MeetingKind, Opinions, PartyCommitteeReport, PublicComment, Publication,
    ReviewConclusion, RiskAssessment, RiskLevel,
};

/// The dossier kinds with a built-in schema.
pub const BUILT_IN_KINDS: &[&str] =
    &["major_decision", "major_contract", "major_enforcement_decision", "disclosure_request"];

/// The stages of a built-in kind, in order.
pub fn stages(kind: &str) -> Option<&'static [&'static str]> {
    match kind {
        "major_decision" => Some(DecisionStage::ALL),
        "major_contract" => Some(ContractStage::ALL),
        "major_enforcement_decision" => Some(EnforcementStage::ALL),
        "disclosure_request" => Some(DisclosureStage::ALL),
        _ => None,
    }
}
