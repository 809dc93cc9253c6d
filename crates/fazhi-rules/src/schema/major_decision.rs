//! The dossier of a major administrative decision (重大行政决策), kind `major_decision`, and its
//! parts. The rules it serves are those of 《重大行政决策程序暂行条例》 (State Council Decree
//! 713); see `docs/dossiers.md`.

use serde::{Deserialize, Serialize};

use super::string_enum::string_enum;
use super::DossierDate;

string_enum! {
    /// How far a major decision has gone. Rules about later steps (the meeting, the report to
    /// the party committee, publication, the archive) only require their records once the
    /// dossier has reached that step.
    DecisionStage {
        /// Being prepared or reviewed; not yet discussed (讨论前).
        Draft = "draft",
        /// Discussed and decided at the meeting (集体讨论决定).
        Decided = "decided",
        /// Made public (公布).
        Published = "published",
        /// Archived (归档).
        Archived = "archived",
    }
}

string_enum! {
    /// The result of the risk assessment (风险评估).
    RiskLevel {
        /// The risk is controllable (风险可控).
        Controllable = "controllable",
        /// The risk is not controllable (风险不可控).
        Uncontrollable = "uncontrollable",
    }
}

string_enum! {
    /// The legality-review office's conclusion (合法性审查意见).
    ReviewConclusion {
        /// Lawful (合法).
        Lawful = "lawful",
        /// Lawful after the changes the review asks for (修改后合法).
        Revise = "revise",
        /// Unlawful (不合法).
        Unlawful = "unlawful",
    }
}

string_enum! {
    /// The meeting that discussed the draft.
    MeetingKind {
        /// An executive meeting of the government (政府常务会议).
        Executive = "executive",
        /// A plenary meeting of the government (政府全体会议).
        Plenary = "plenary",
        /// A township's or town's head's office meeting (乡镇长办公会议), its executive meeting.
        MayorOffice = "mayor_office",
        /// A township's joint meeting of the party committee and the government (党政联席会议).
        JointPartyGovernment = "joint_party_government",
        /// A meeting of the party committee (党委会议): it hears the decision's report (第三十一条)
        /// but is not the government's collective discussion.
        PartyCommittee = "party_committee",
        /// Any other meeting (not enough for a major decision).
        Other = "other",
    }
}

/// A major administrative decision (重大行政决策).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MajorDecision {
    /// Always `"major_decision"`.
    pub kind: String,
    /// Short identifier, e.g. `"wt-2024-jc-03"`.
    pub id: String,
    /// The decision's title.
    pub title: String,
    /// How far the decision has gone.
    pub stage: DecisionStage,
    /// The unit preparing the decision (决策承办单位).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Why the matter may not be made public by law (依法不予公开); exempts it from public
    /// comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_public_reason: Option<String>,
    /// The public comment period (向社会公开征求意见).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_comment: Option<PublicComment>,
    /// The hearing (听证会), if one was held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hearing: Option<DecisionHearing>,
    /// How the opinions gathered were handled (意见归纳及采纳情况).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opinions: Option<Opinions>,
    /// Expert argumentation (专家论证).
    pub expert_argumentation: ExpertArgumentation,
    /// Risk assessment (风险评估).
    pub risk_assessment: RiskAssessment,
    /// The legality review (合法性审查).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legality_review: Option<LegalityReview>,
    /// The legal adviser's or public-sector lawyer's opinion (法律顾问、公职律师意见).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_adviser_opinion: Option<LegalAdviserOpinion>,
    /// Whether the draft touches the economic activity of market actors (涉及市场主体经济活动).
    pub touches_market: bool,
    /// The fair-competition review (公平竞争审查).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fair_competition_review: Option<FairCompetitionReview>,
    /// The meeting that discussed the draft (集体讨论).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<Meeting>,
    /// The report to the same-level party committee (向同级党委请示报告).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_committee_report: Option<PartyCommitteeReport>,
    /// Publication of the decision (公布).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<Publication>,
    /// Archiving of the records and materials (归档).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<Archive>,
}

/// The public comment period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicComment {
    /// The first day of the period.
    pub opened: DossierDate,
    /// The last day of the period.
    pub closed: DossierDate,
    /// Where the draft was published, e.g. "镇政府网站".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// The stated reason of urgency for a period shorter than the minimum (紧急情况说明).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgent_reason: Option<String>,
}

/// A hearing on the draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionHearing {
    /// Whether the hearing was held.
    pub held: bool,
    /// When the draft and its explanation reached the participants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub materials_sent: Option<DossierDate>,
    /// The day of the hearing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DossierDate>,
}

/// How the opinions gathered were handled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opinions {
    /// The summary of the public and expert opinions (意见归纳整理).
    pub summary: String,
    /// Whether the adoption of each opinion, and the reasons, were recorded (采纳情况及理由).
    pub adoption_recorded: bool,
}

/// Expert argumentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpertArgumentation {
    /// Whether the matter is professional or technical enough to need experts.
    pub required: bool,
    /// The experts heard.
    #[serde(default)]
    pub experts: Vec<Expert>,
}

/// One expert heard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expert {
    /// The expert's name.
    pub name: String,
    /// Whether the expert signed the written opinion (书面论证意见署名).
    pub signed: bool,
}

/// Risk assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskAssessment {
    /// Whether the decision may affect social stability, public safety or similar.
    pub required: bool,
    /// The risk assessment report (风险评估报告): its title or reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
    /// The conclusion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<RiskLevel>,
    /// Whether the draft was adjusted until the risk became controllable (调整决策草案).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft_adjusted: Option<bool>,
}

/// The legality review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalityReview {
    /// When the draft was sent to the legality-review office (送请审查).
    pub sent: DossierDate,
    /// When the office answered; absent while the review is under way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered: Option<DossierDate>,
    /// The office's conclusion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conclusion: Option<ReviewConclusion>,
    /// Why the review was given less than the usual time, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_time_reason: Option<String>,
    /// For an exploratory reform item the law does not yet settle: its legal risk, stated
    /// (探索性改革决策事项，明示法律风险).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exploratory_reform_risk: Option<String>,
}

/// A legal adviser's or public-sector lawyer's opinion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalAdviserOpinion {
    /// Who gave it.
    pub adviser: String,
    /// When.
    pub date: DossierDate,
    /// The opinion, in short.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opinion: Option<String>,
}

/// The fair-competition review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FairCompetitionReview {
    /// When it was done.
    pub date: DossierDate,
    /// Its conclusion, in short.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conclusion: Option<String>,
}

/// The meeting that discussed the draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// What meeting it was.
    pub kind: MeetingKind,
    /// When.
    pub date: DossierDate,
    /// Whether the head of the government spoke last (行政首长最后发表意见).
    pub head_spoke_last: bool,
    /// Whether the head decided against the majority of the members.
    #[serde(default)]
    pub majority_against: bool,
    /// The reasons the head stated at the meeting for deciding against the majority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasons: Option<String>,
    /// Whether the minutes record the discussion truthfully, differing opinions included
    /// (不同意见如实载明); true also when there were none.
    pub dissent_recorded: bool,
}

/// The report to the party committee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyCommitteeReport {
    /// When the decision was reported.
    pub date: DossierDate,
}

/// The publication of the decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    /// Where: `"website"` (政府网站), `"gazette"` (政府公报), `"newspaper"` (报纸), or another
    /// channel (checked against the module's `publication_channels`).
    pub channel: String,
    /// When.
    pub date: DossierDate,
}

/// The archiving of the decision's records and materials.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Archive {
    /// When.
    pub date: DossierDate,
    /// Whether the process records and materials are complete (完整归档).
    pub complete: bool,
}
