//! The dossier of a request for government information (政府信息公开申请), kind
//! `disclosure_request`, and its parts. The rules it serves are those of 《中华人民共和国政府信息
//! 公开条例》 (2019 revision), 第二十七条至第三十八条; see `docs/dossiers.md`.

use serde::{Deserialize, Serialize};

use super::string_enum::string_enum;
use super::{DossierDate, PartyKind};

string_enum! {
    /// How far a request has gone.
    DisclosureStage {
        /// Received and being handled (受理、办理中).
        Received = "received",
        /// Replied to (已答复).
        Replied = "replied",
    }
}

string_enum! {
    /// How the request was submitted; it decides the day it counts as received (第三十一条).
    SubmissionChannel {
        /// Handed in (当面提交): received that day.
        InPerson = "in_person",
        /// By post (邮寄): received the day it is signed for (平常信函: the day confirmed with the
        /// applicant).
        Post = "post",
        /// Online (互联网渠道): received the day the two sides confirm it.
        Online = "online",
        /// By the disclosure office's fax: received the day the two sides confirm it.
        Fax = "fax",
    }
}

string_enum! {
    /// What the reply says (第三十六条).
    ReplyOutcome {
        /// Already made public: how to get it (已经主动公开).
        AlreadyPublic = "already_public",
        /// Disclosed (予以公开).
        Disclosed = "disclosed",
        /// Partly disclosed (部分公开, 第三十七条).
        PartlyDisclosed = "partly_disclosed",
        /// Not disclosed, with the reasons (不予公开).
        NotDisclosed = "not_disclosed",
        /// The information does not exist (经检索没有).
        NotExist = "not_exist",
        /// Another body is responsible for it (不属于本机关负责公开).
        NotResponsible = "not_responsible",
        /// A repeated request (不予重复处理).
        Repeated = "repeated",
        /// Obtained under another law's procedure (工商、不动产登记资料等).
        OtherProcedure = "other_procedure",
    }
}

/// A request for government information (政府信息公开申请).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisclosureRequest {
    /// Always `"disclosure_request"`.
    pub kind: String,
    /// The request's number, e.g. `"王政信公开申〔2025〕2号"`.
    pub id: String,
    /// What is asked for.
    pub title: String,
    /// How far it has gone.
    pub stage: DisclosureStage,
    /// Who asked.
    pub applicant: Applicant,
    /// How it was submitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<SubmissionChannel>,
    /// The day the request counts as received (收到申请之日, 第三十一条).
    pub received_on: DossierDate,
    /// The request for a correction, when the request was unclear (补正, 第三十条).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<Correction>,
    /// The consultation of a third party whose rights the disclosure may harm (第三十二条).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub third_party: Option<ThirdParty>,
    /// The extension of the reply period (延长答复期限, 第三十三条第二款).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<ReplyExtension>,
    /// The reply (答复); absent while the request is handled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<Reply>,
}

/// The applicant (申请人).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Applicant {
    /// The applicant's name.
    pub name: String,
    /// A person or an organisation.
    pub kind: PartyKind,
}

/// A request for a correction (一次性告知补正).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// The day the applicant was told what to correct.
    pub notified_on: DossierDate,
    /// What must be corrected (需要补正的事项).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<String>,
    /// The last day given for the correction (合理的补正期限).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<DossierDate>,
    /// The day the corrected request was received; the reply period counts from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected_on: Option<DossierDate>,
}

/// The consultation of a third party (征求第三方意见).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThirdParty {
    /// The third party.
    pub name: String,
    /// The day its written opinion was asked for (书面征求意见).
    pub consulted_on: DossierDate,
    /// The day it gave its opinion, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replied_on: Option<DossierDate>,
}

/// An extension of the reply period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyExtension {
    /// Who approved it: the head of the disclosure office (政府信息公开工作机构负责人).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    /// The day it was approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_on: Option<DossierDate>,
    /// The day the applicant was told (告知申请人).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notified_on: Option<DossierDate>,
    /// The working days it adds.
    pub days: u32,
}

/// The reply (答复).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    /// The day it was given.
    pub date: DossierDate,
    /// What it says.
    pub outcome: ReplyOutcome,
    /// The reasons, for a refusal, a partial disclosure or another body's information (说明理由).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasons: Option<String>,
}
