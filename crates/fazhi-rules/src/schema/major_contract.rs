//! The dossier of a major contract or important agreement (重大合同、重要协议), kind
//! `major_contract`, and its parts; see `docs/dossiers.md`.

use serde::{Deserialize, Serialize};

use super::string_enum::string_enum;
use super::DossierDate;

string_enum! {
    /// A contract or an agreement; both are reviewed alike.
    ContractCategory {
        /// A contract (合同).
        Contract = "contract",
        /// An agreement (协议), e.g. a cooperation framework.
        Agreement = "agreement",
    }
}

string_enum! {
    /// How far the contract has gone.
    ContractStage {
        /// Under review before signing (签订前审查).
        Review = "review",
        /// Signed (已签订).
        Signed = "signed",
    }
}

string_enum! {
    /// Which way the money goes.
    Payment {
        /// The government pays (财政支出).
        Expenditure = "expenditure",
        /// The government receives (收入).
        Revenue = "revenue",
        /// No money changes hands.
        NoPayment = "none",
    }
}

string_enum! {
    /// Who signs for the government.
    SignatoryRole {
        /// The legal representative (法定代表人).
        LegalRepresentative = "legal_representative",
        /// An agent holding a written authorisation (授权代理人).
        AuthorizedAgent = "authorized_agent",
    }
}

/// A major contract or important agreement (重大合同、重要协议).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MajorContract {
    /// Always `"major_contract"`.
    pub kind: String,
    /// Short identifier, e.g. `"wt-ht-2024-07"`.
    pub id: String,
    /// The contract's title.
    pub title: String,
    /// A contract or an agreement.
    pub category: ContractCategory,
    /// How far it has gone.
    pub stage: ContractStage,
    /// The amount in yuan (元); 0 when there is none.
    pub amount: f64,
    /// Which way the money goes.
    pub payment: Payment,
    /// The other party (相对方).
    pub counterparty: Counterparty,
    /// The legal adviser's written opinion (法律顾问书面意见).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_adviser_written_opinion: Option<WrittenOpinion>,
    /// The collective decision (集体决策, 三重一大).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collective_decision: Option<CollectiveDecision>,
    /// The dispute-resolution clause (争议解决条款), in short, e.g. "向固原仲裁委员会申请仲裁".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispute_clause: Option<String>,
    /// The term (履行期限).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<Term>,
    /// Where the money comes from (资金来源/预算安排).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_source: Option<String>,
    /// Who signs for the government (签约人).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signatory: Option<Signatory>,
    /// When it was signed; absent before signing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_date: Option<DossierDate>,
}

/// The other party.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counterparty {
    /// Its name.
    pub name: String,
    /// Its unified social credit code (统一社会信用代码).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_code: Option<String>,
    /// Whether its identity and qualification were checked (主体资格、资质审查).
    pub qualification_checked: bool,
    /// The qualification checked, e.g. a licence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualification: Option<String>,
}

/// The legal adviser's written opinion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WrittenOpinion {
    /// Who gave it.
    pub adviser: String,
    /// When.
    pub date: DossierDate,
    /// The opinion, in short.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opinion: Option<String>,
}

/// The collective decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectiveDecision {
    /// The meeting, e.g. "镇党委会".
    pub meeting: String,
    /// When.
    pub date: DossierDate,
}

/// The term of the contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The first day.
    pub from: DossierDate,
    /// The last day.
    pub to: DossierDate,
}

/// Who signs for the government.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signatory {
    /// The signatory's name.
    pub name: String,
    /// In what capacity.
    pub role: SignatoryRole,
    /// The written authorisation (授权委托书), for an agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization: Option<String>,
}
