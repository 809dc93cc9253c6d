//! The dossier of an administrative enforcement decision (行政处罚决定, reviewed under the 三项制度),
//! kind `major_enforcement_decision`, and its parts; see `docs/dossiers.md`.

use serde::{Deserialize, Serialize};

use super::string_enum::string_enum;
use super::DossierDate;

string_enum! {
    /// How far the case has gone.
    EnforcementStage {
        /// Before the decision (e.g. at the legal review, 法制审核).
        Review = "review",
        /// Decided (作出处罚决定).
        Decided = "decided",
        /// Closed: served, executed and archived (结案).
        Closed = "closed",
    }
}

string_enum! {
    /// The party punished.
    PartyKind {
        /// A natural person (公民).
        Person = "person",
        /// A legal person or other organisation (法人或者其他组织).
        Organisation = "organisation",
    }
}

string_enum! {
    /// The kinds of penalty (行政处罚法 Art. 9).
    PenaltyKind {
        /// 警告.
        Warning = "warning",
        /// 通报批评.
        Criticism = "criticism",
        /// 罚款.
        Fine = "fine",
        /// 没收违法所得、没收非法财物.
        Confiscation = "confiscation",
        /// 暂扣许可证件.
        LicenceSuspension = "licence_suspension",
        /// 降低资质等级.
        QualificationDowngrade = "qualification_downgrade",
        /// 吊销许可证件.
        LicenceRevocation = "licence_revocation",
        /// 限制开展生产经营活动.
        BusinessRestriction = "business_restriction",
        /// 责令停产停业.
        ProductionSuspension = "production_suspension",
        /// 责令关闭.
        Closure = "closure",
        /// 限制从业.
        EmploymentRestriction = "employment_restriction",
        /// 行政拘留.
        Detention = "detention",
        /// 其他.
        Other = "other",
    }
}

string_enum! {
    /// Why a decision needs a legal review (法制审核, 行政处罚法 Art. 58).
    LegalReviewTrigger {
        /// It touches major public interest (涉及重大公共利益).
        MajorPublicInterest = "major_public_interest",
        /// It bears directly on major rights and went through a hearing (经过听证程序).
        Heard = "heard",
        /// The case is difficult or complex, involving several legal relations (疑难复杂).
        Complex = "complex",
        /// Another law or regulation requires it (法律、法规规定的其他情形).
        RequiredByLaw = "required_by_law",
    }
}

string_enum! {
    /// The legal reviewer's conclusion.
    LegalReviewConclusion {
        /// Approved (同意).
        Approved = "approved",
        /// Approved after changes (修改后同意).
        Revise = "revise",
        /// Rejected (不同意).
        Rejected = "rejected",
    }
}

string_enum! {
    /// How the decision was served (送达, 行政处罚法 Art. 61 and the 民事诉讼法's service rules).
    ServiceMethod {
        /// Handed over on the spot when announced (宣告后当场交付).
        OnTheSpot = "on_the_spot",
        /// Served directly on the party (直接送达, 民事诉讼法 第八十八条).
        Direct = "direct",
        /// Left at the party's residence after a refusal (留置送达, 第八十九条).
        LeftAtResidence = "left_at_residence",
        /// Served electronically, with the party's consent (电子送达, 第九十条; 行政处罚法 第六十一条第二款).
        Electronic = "electronic",
        /// Served through another body (委托送达, 第九十一条).
        Entrusted = "entrusted",
        /// Served by post (邮寄送达, 第九十一条).
        Post = "post",
        /// Passed on through the party's unit or custodian (转交送达, 第九十二条至第九十四条).
        Transferred = "transferred",
        /// Served by public notice (公告送达, 第九十五条).
        PublicNotice = "public_notice",
    }
}

/// An administrative enforcement decision (行政处罚决定).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnforcementDecision {
    /// Always `"major_enforcement_decision"`.
    pub kind: String,
    /// The case number, e.g. `"王综执罚〔2024〕12号"`.
    pub id: String,
    /// The case's title.
    pub title: String,
    /// How far the case has gone.
    pub stage: EnforcementStage,
    /// The party (当事人).
    pub party: Party,
    /// The enforcement officers who acted (执法人员).
    pub officers: Vec<Officer>,
    /// The day the officers investigated and gathered evidence (调查取证).
    pub action_date: DossierDate,
    /// The day the case was filed (立案).
    pub filing_date: DossierDate,
    /// The law that sets another time limit than 90 days, if one does (另有规定): its article and
    /// its number of days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_time_limit: Option<OtherTimeLimit>,
    /// The penalty.
    pub penalty: Penalty,
    /// Why the decision needs a legal review; empty when none applies.
    #[serde(default)]
    pub legal_review_triggers: Vec<LegalReviewTrigger>,
    /// The advance notice of the intended penalty (行政处罚事先告知, 第四十四条).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advance_notice: Option<AdvanceNotice>,
    /// The party's statement and defence (陈述、申辩, 第四十五条).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<StatementDefence>,
    /// The hearing (听证).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hearing: Option<EnforcementHearing>,
    /// The legal review (法制审核).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_review: Option<LegalReview>,
    /// The day of the decision (作出处罚决定).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_date: Option<DossierDate>,
    /// The day the decision was served (送达); for a public notice, the day it was issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_date: Option<DossierDate>,
    /// How the decision was served (第六十一条).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<Service>,
    /// Whether the decision has a certain social impact (具有一定社会影响).
    pub social_impact: bool,
    /// The day the decision was made public (公示).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication_date: Option<DossierDate>,
    /// What the whole-process record covers (执法全过程记录).
    pub whole_process_record: WholeProcessRecord,
}

/// The party punished.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// The party's name.
    pub name: String,
    /// A person or an organisation.
    pub kind: PartyKind,
}

/// A time limit for deciding a case set by another law than the 行政处罚法 (第六十条 "法律、法规、
/// 规章另有规定的，从其规定").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OtherTimeLimit {
    /// The provision that sets it, named with its article: `"《某某条例》第二十条"`.
    pub basis: String,
    /// The days it allows from filing to decision.
    pub days: u32,
}

/// One enforcement officer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Officer {
    /// The officer's name.
    pub name: String,
    /// The enforcement certificate number (执法证号); empty or left out if the officer holds none.
    #[serde(default)]
    pub certificate: String,
    /// When the certificate expires; left out when there is no certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<DossierDate>,
}

/// The penalty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Penalty {
    /// The kinds of penalty imposed.
    pub kinds: Vec<PenaltyKind>,
    /// The fine in yuan, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine_amount: Option<f64>,
    /// The value confiscated in yuan (违法所得、非法财物), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confiscation_value: Option<f64>,
}

/// The hearing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnforcementHearing {
    /// Whether the party was told of the right to a hearing (告知听证权利).
    pub notified: bool,
    /// When the party was told.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notified_on: Option<DossierDate>,
    /// When the party asked for a hearing, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_on: Option<DossierDate>,
    /// Whether the party gave up the hearing in writing (书面放弃).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waived: Option<bool>,
    /// When the party was notified of the hearing's time and place (听证通知).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice_date: Option<DossierDate>,
    /// When the hearing was held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_on: Option<DossierDate>,
}

/// The legal review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalReview {
    /// Who reviewed (法制审核人员).
    pub reviewer: String,
    /// When.
    pub date: DossierDate,
    /// The conclusion.
    pub conclusion: LegalReviewConclusion,
}

/// What the whole-process record covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WholeProcessRecord {
    /// The investigation and evidence gathering (调查取证).
    pub investigation: bool,
    /// The decision (审查决定).
    pub decision: bool,
    /// The service (送达).
    pub service: bool,
    /// The execution (执行).
    pub execution: bool,
    /// Whether the record is archived (归档).
    pub archived: bool,
}

/// The advance notice (行政处罚事先告知书): what the party was told before the decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvanceNotice {
    /// The day the party was told.
    pub date: DossierDate,
    /// Whether it states the intended penalty (拟作出的行政处罚内容).
    pub content: bool,
    /// Whether it states the facts, reasons and legal basis (事实、理由、依据).
    pub facts_reasons_basis: bool,
    /// Whether it tells the party of the rights to make a statement and defence and, where it
    /// applies, to ask for a hearing (陈述、申辩、要求听证等权利).
    pub rights: bool,
    /// The fine it announces, in yuan, if any (to compare with the decision's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed_fine: Option<f64>,
}

/// The party's statement and defence (陈述、申辩).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatementDefence {
    /// When the party made a statement or defence, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub made_on: Option<DossierDate>,
    /// Whether the party expressly gave up the right (明确放弃, 第六十二条).
    #[serde(default)]
    pub waived: bool,
    /// Whether the facts, reasons and evidence it put forward were re-examined (复核, 第四十五条).
    #[serde(default)]
    pub reviewed: bool,
    /// Whether they were found to hold and adopted (成立的，应当采纳), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adopted: Option<bool>,
}

/// How the decision was served.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// The way it was served.
    pub method: ServiceMethod,
    /// Whether the receipt is on file (送达回证 signed, or the postal receipt, 民事诉讼法 第八十七条).
    #[serde(default)]
    pub receipt: bool,
    /// Electronic service: whether the party agreed and signed the confirmation (确认书).
    #[serde(default)]
    pub consent: bool,
    /// Left at the residence: whether representatives witnessed it or it was recorded by photo
    /// or video (见证人到场或者拍照、录像).
    #[serde(default)]
    pub witnessed: bool,
    /// Public notice: why the other ways could not serve it (下落不明或者其他方式无法送达).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}
